package dev.switchboard.server.ops;

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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A websocket client speaking JSON frames (the desk's or the chat's), for whole-gateway tests (any package). */
public final class JsonSocket implements AutoCloseable {

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  private final WebSocket socket;

  private JsonSocket(URI uri, String origin) {
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (origin != null) {
      b.header("Origin", origin);
    }
    socket = b.buildAsync(uri, new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          try {
            frames.add(Json.read(text.toString()));
          } catch (java.io.IOException e) {
            frames.add(Json.mapper().createObjectNode().put("type", "unreadable").put("text", text.toString()));
          }
          text.setLength(0);
        }
        w.request(1);
        return null;
      }
    }).orTimeout(10, TimeUnit.SECONDS).join();
  }

  public static JsonSocket open(URI uri, String origin) {
    return new JsonSocket(uri, origin);
  }

  public void send(ObjectNode frame) {
    socket.sendText(frame.toString(), true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  public static ObjectNode frame(String type) {
    return Json.mapper().createObjectNode().put("type", type);
  }

  /** The next frame of {@code type}, received now or within 15 s (earlier frames of other types are kept in {@link #seen}). */
  public JsonNode next(String type) {
    return next(f -> type.equals(f.path("type").asText()), type);
  }

  public JsonNode next(Predicate<JsonNode> match, String what) {
    for (JsonNode f : seen) {
      if (match.test(f)) {
        seen.remove(f);
        return f;
      }
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    try {
      while (System.nanoTime() < end) {
        JsonNode f = frames.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (f == null) {
          break;
        }
        if (match.test(f)) {
          return f;
        }
        seen.add(f);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return fail("no %s frame within 15 s; frames seen: %s", what, seen);
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
  }
}
