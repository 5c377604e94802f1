package dev.switchboard.core.desk;

import static java.util.concurrent.TimeUnit.SECONDS;
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

/** A real websocket client of the agent desk, collecting the frames it receives. */
final class DeskClient implements AutoCloseable {

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket ws;

  private DeskClient(URI uri) {
    ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              try {
                frames.add(Json.read(text.toString()));
              } catch (Exception e) {
                frames.add(Json.mapper().createObjectNode().put("type", "client_parse_error"));
              }
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
        }).orTimeout(10, SECONDS).join();
  }

  static DeskClient connect(URI uri) {
    return new DeskClient(uri);
  }

  /** Connects and signs in; returns once {@code ready} (or the replay) is under way. */
  static DeskClient signIn(URI uri, String token) {
    DeskClient c = connect(uri);
    c.send(Json.mapper().createObjectNode().put("type", "auth").put("token", token));
    c.next("ready");
    return c;
  }

  void send(ObjectNode frame) {
    ws.sendText(Json.writeString(frame), true).orTimeout(10, SECONDS).join();
  }

  void sendRaw(String text) {
    ws.sendText(text, true).orTimeout(10, SECONDS).join();
  }

  static ObjectNode frame(String type) {
    return Json.mapper().createObjectNode().put("type", type);
  }

  JsonNode next(String type) {
    return next(f -> f.path("type").asText().equals(type), type);
  }

  /** Waits (up to 10 s) for the first frame matching, skipping and keeping the others. */
  JsonNode next(Predicate<JsonNode> match, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
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
    return fail("no %s frame within 10s; got %s", what, seen);
  }

  /** Frames that arrive within {@code wait}, for checking that something did not come. */
  List<JsonNode> drain(Duration wait) throws InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode f = frames.poll(50, TimeUnit.MILLISECONDS);
      if (f != null) {
        out.add(f);
        seen.add(f);
      }
    }
    return out;
  }

  /** Every frame taken so far, in arrival order. */
  List<JsonNode> seen() {
    return List.copyOf(seen);
  }

  long lastSeq() {
    return seen.stream().mapToLong(f -> f.path("seq").asLong(-1)).max().orElse(-1);
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    closed.completeOnTimeout(0, 5, TimeUnit.SECONDS).join();
  }
}
