package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.WebSocketHandler;
import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@code /chat/ws}: refuses foreign origins at the handshake, then runs one {@link ChatConnection} per socket. */
final class ChatEndpoint implements WebSocketHandler {

  private final ChatRuntime rt;
  private final OriginPolicy origins;
  private final int maxFrameBytes;
  private final Duration idleTimeout;
  private final Duration helloTimeout;
  private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();

  ChatEndpoint(ChatRuntime rt, OriginPolicy origins, int maxFrameBytes, Duration idleTimeout, Duration helloTimeout) {
    this.rt = requireNonNull(rt, "rt");
    this.origins = requireNonNull(origins, "origins");
    if (maxFrameBytes < 256) {
      throw new IllegalArgumentException("maxFrameBytes: " + maxFrameBytes + " (expected: >= 256)");
    }
    this.maxFrameBytes = maxFrameBytes;
    this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
    this.helloTimeout = requireNonNull(helloTimeout, "helloTimeout");
  }

  @Override
  public Optional<HttpResponse> handshake(HttpRequest request) {
    if (!origins.allows(request.header("origin"))) {
      rt.metrics().handshakeRefused("origin");
      return Optional.of(HttpResponse.error(403, "origin_not_allowed",
          "This page's origin may not open the chat; add it to channels.chat.allowedOrigins."));
    }
    return Optional.empty();
  }

  @Override
  public WebSocketListener open(WebSocketSession session, HttpRequest upgradeRequest) {
    open.add(session);
    rt.metrics().connectionOpened();
    ChatConnection connection = new ChatConnection(rt, session);
    session.schedule(helloTimeout, connection::helloDeadlinePassed);
    return new WebSocketListener() {
      @Override
      public void onText(String text) {
        connection.onText(text);
      }

      @Override
      public boolean onRejectedFrame(String code, String message) {
        return connection.onRejectedFrame(code, message);
      }

      @Override
      public void onClose() {
        if (open.remove(session)) {
          rt.metrics().connectionClosed();
        }
        connection.onClose();
      }
    };
  }

  @Override
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  @Override
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** Closes every visitor socket ("going away"); the widgets reconnect to another node or later. */
  void closeAll() {
    for (WebSocketSession s : open) {
      s.close(1001, "server stopping");
    }
  }
}
