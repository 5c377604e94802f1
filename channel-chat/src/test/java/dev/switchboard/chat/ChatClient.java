package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.testing.Futures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A visitor's browser, as far as the protocol goes: the JDK websocket client and the frames it got. */
final class ChatClient implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final WebSocket ws;
  private final Listener listener;

  private ChatClient(WebSocket ws, Listener listener) {
    this.ws = ws;
    this.listener = listener;
  }

  static ChatClient connect(URI uri, String origin) throws Exception {
    Listener listener = new Listener();
    WebSocket.Builder b = HTTP.newWebSocketBuilder();
    if (origin != null) {
      b.header("Origin", origin);
    }
    // A refused handshake fails with an ExecutionException, as callers expect (ChatLimitsTest).
    WebSocket ws = b.buildAsync(uri, listener).get(Futures.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return new ChatClient(ws, listener);
  }

  void send(String text) throws Exception {
    ws.sendText(text, true).get(Futures.WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  void send(ObjectNode frame) throws Exception {
    send(frame.toString());
  }

  static ObjectNode frame(String type) {
    return Json.mapper().createObjectNode().put("type", type);
  }

  /** Sends hello and returns the welcome frame. */
  JsonNode hello(String token, Long resumeAfter) throws Exception {
    ObjectNode hello = frame("hello");
    if (token != null) {
      hello.put("visitorToken", token);
    }
    if (resumeAfter != null) {
      hello.put("resumeAfter", resumeAfter);
    }
    send(hello);
    return expect("welcome");
  }

  /** Sends a message and returns the ack. */
  JsonNode say(String text, String clientId) throws Exception {
    send(frame("message").put("text", text).put("clientId", clientId));
    return expect("ack");
  }

  /**
   * The next frame, failing when none comes within the tests' shared hang guard ({@link Futures#WAIT}): a
   * wait for the frame, not a timing check, so a cold or loaded JVM is not a failure.
   */
  JsonNode next() throws InterruptedException {
    JsonNode f = listener.frames.poll(Futures.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(f).as("a frame within %s", Futures.WAIT).isNotNull();
    return f;
  }

  JsonNode expect(String type) throws InterruptedException {
    JsonNode f = next();
    assertThat(f.path("type").asText()).as("frame %s", f).isEqualTo(type);
    return f;
  }

  /**
   * Every frame up to and including the answer to a marker (an unknown frame type, answered with an
   * error): proves what did NOT arrive without waiting for a timeout.
   */
  List<JsonNode> framesUntilMarker() throws Exception {
    send(frame("marker"));
    List<JsonNode> before = new ArrayList<>();
    while (true) {
      JsonNode f = next();
      if (f.path("type").asText().equals("error") && f.path("code").asText().equals("unknown_type")) {
        return before;
      }
      before.add(f);
    }
  }

  boolean isClosedByServer() {
    return listener.closed;
  }

  @Override
  public void close() {
    ws.abort();
  }

  private static final class Listener implements WebSocket.Listener {
    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final StringBuilder partial = new StringBuilder();
    volatile boolean closed;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          frames.add(Json.read(partial.toString()));
        } catch (Exception e) {
          throw new AssertionError("server sent non-JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed = true;
      return null;
    }
  }
}
