package dev.switchboard.core.cluster;

import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One desk websocket a follower relays to the leader: the client's text frames go upstream verbatim, in
 * order (each send waits for the one before, as the JDK's websocket requires), and the leader's frames come
 * back verbatim, so {@code auth}, {@code seq} and {@code resumeAfter} mean what they mean on the leader.
 * Either side closing closes the other; the client gets the leader's own close code when it is an
 * application code (4000-4999: an unknown token's 4401, a term's 4503), else 4503, so it reconnects.
 * Nothing here blocks: client frames arrive on the connection's event loop, the leader's on the HTTP
 * client's threads.
 */
final class SocketRelay implements WebSocketListener {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SocketRelay.class);

  /** A listener for a connection closed before it was relayed. */
  static final WebSocketListener CLOSED = new WebSocketListener() {
    @Override
    public void onText(String text) {}

    @Override
    public void onClose() {}
  };

  /** Client frames waiting for the leader past this: the client is closed (1013) rather than buffered without end. */
  static final int MAX_PENDING = 1_000;

  private final WebSocketSession client;
  private final String leaderId;
  private final Consumer<SocketRelay> onEnd;
  private final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();
  private CompletableFuture<WebSocket> sending = opened; // guarded by this

  SocketRelay(WebSocketSession client, String leaderId, Consumer<SocketRelay> onEnd) {
    this.client = client;
    this.leaderId = leaderId;
    this.onEnd = onEnd;
  }

  String leaderId() {
    return leaderId;
  }

  void connected(WebSocket upstream, Throwable failure) {
    if (failure != null) {
      end(TermRoutes.TERM_ENDED, "the leader " + leaderId + " could not be reached; reconnect");
      opened.completeExceptionally(failure);
    } else {
      opened.complete(upstream);
      if (ended.get()) {
        upstream.sendClose(WebSocket.NORMAL_CLOSURE, "");
      }
    }
  }

  @Override
  public void onText(String text) {
    if (pending.incrementAndGet() > MAX_PENDING) {
      end(1013, "the leader is not keeping up; reconnect");
      return;
    }
    synchronized (this) {
      sending = sending.thenCompose(ws -> ws.sendText(text, true)).whenComplete((ws, failure) -> {
        pending.decrementAndGet();
        if (failure != null) {
          end(TermRoutes.TERM_ENDED, "the connection to the leader failed; reconnect");
        }
      });
    }
  }

  @Override
  public void onClose() {
    if (ended.compareAndSet(false, true)) {
      onEnd.accept(this);
    }
    opened.thenAccept(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> {
      ws.abort();
      return null;
    }));
  }

  @Override
  public boolean onRejectedFrame(String code, String message) {
    return false; // the transport answers a frame it refused; the leader never sees it
  }

  /** Closes the client's connection (and so the leader's). */
  void close(String reason) {
    end(TermRoutes.TERM_ENDED, reason);
  }

  private void end(int code, String reason) {
    if (ended.compareAndSet(false, true)) {
      onEnd.accept(this);
      // Rare and decisive for the agent behind it (their console must reconnect): worth a line at INFO.
      log.info("Desk relay {} to the leader {} closed ({}: {})", client.id(), leaderId, code, reason);
    }
    client.close(code, reason);
    opened.thenAccept(WebSocket::abort);
  }

  /** The leader's side: its frames go to the client as they are. */
  WebSocket.Listener upstream() {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          client.send(partial.toString());
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        boolean application = statusCode >= 4000 && statusCode <= 4999;
        end(application ? statusCode : TermRoutes.TERM_ENDED,
            application && reason != null ? reason : "the leader closed the connection; reconnect");
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        end(TermRoutes.TERM_ENDED, "the connection to the leader failed; reconnect");
      }
    };
  }
}
