package dev.switchboard.server.cluster;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A websocket client of JSON frames (desk or chat) for the cluster tests; remembers the last {@code seq}. */
final class FrameClient implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final WebSocket ws;
  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile long lastSeq = -1;

  private FrameClient(URI uri, String origin) {
    WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (origin != null) {
      b.header("Origin", origin);
    }
    ws = b.buildAsync(uri, new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          JsonNode f;
          try {
            f = Json.read(text.toString());
          } catch (java.io.IOException e) {
            f = Json.mapper().createObjectNode().put("type", "client_parse_error");
          }
          if (f.has("seq")) {
            lastSeq = f.get("seq").asLong();
          }
          frames.add(f);
          text.setLength(0);
        }
        w.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
      }

      @Override
      public void onError(WebSocket w, Throwable error) {
        closed.complete(-1);
      }
    }).orTimeout(10, TimeUnit.SECONDS).join();
  }

  static FrameClient connect(URI uri, String origin) {
    return new FrameClient(uri, origin);
  }

  static ObjectNode frame(String type) {
    return Json.mapper().createObjectNode().put("type", type);
  }

  void send(ObjectNode frame) {
    ws.sendText(Json.writeString(frame), true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  JsonNode next(String type) {
    return next(f -> f.path("type").asText().equals(type), type);
  }

  JsonNode next(String type, String conversationId) {
    return next(f -> f.path("type").asText().equals(type) && f.path("conversationId").asText().equals(conversationId),
        type + " of " + conversationId);
  }

  /** The next frame that matches, skipping others; fails after 15 s. */
  JsonNode next(Predicate<JsonNode> match, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    try {
      while (System.nanoTime() < deadline) {
        JsonNode f = frames.poll(100, TimeUnit.MILLISECONDS);
        if (f != null) {
          seen.add(f);
          if (match.test(f)) {
            return f;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return fail("no " + what + " within 15 s; saw " + seen);
  }

  /** The next frame of {@code type}, or null when the connection closes or none comes within {@code within}. */
  JsonNode poll(String type, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        JsonNode f = frames.poll(50, TimeUnit.MILLISECONDS);
        if (f != null) {
          seen.add(f);
          if (f.path("type").asText().equals(type)) {
            return f;
          }
        } else if (closed.isDone()) {
          return null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  long lastSeq() {
    return lastSeq;
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
    ws.abort();
  }
}
