package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat's limits over real sockets (test config: 50 characters, 1 KB frames, 5 messages a minute,
 * 1 s idle): each refusal is an error frame that leaves the connection working, and is counted.
 */
class ChatLimitsTest {

  @TempDir static Path dir;
  static ChatHarness gw;

  @BeforeAll
  static void start() throws Exception {
    gw = new ChatHarness(dir, ChatHarness.testConfig());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static URI wsUri() {
    return URI.create("ws://127.0.0.1:" + gw.server.port() + "/chat/ws");
  }

  private static double errors(String code) {
    var c = gw.meters.find("switchboard.chat.errors").tag("code", code).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aPageFromAnotherOriginIsRefusedWith403() {
    Throwable t = catchThrowable(() -> ChatClient.connect(wsUri(), "https://evil.example.net"));
    assertThat(t).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) t.getCause()).getResponse().statusCode()).isEqualTo(403);
    assertThat(gw.meters.find("switchboard.chat.handshakes.refused").counter().count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aHandshakeWithoutOriginIsRefused() {
    Throwable t = catchThrowable(() -> ChatClient.connect(wsUri(), null));
    assertThat(((WebSocketHandshakeException) t.getCause()).getResponse().statusCode()).isEqualTo(403);
  }

  @Test
  void anOversizeFrameGetsAnErrorAndTheConnectionKeepsWorking() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      JsonNode welcome = visitor.hello(null, null);
      visitor.send("{\"type\":\"message\",\"clientId\":\"big\",\"text\":\"" + "x".repeat(2000) + "\"}");
      JsonNode error = visitor.expect("error");
      assertThat(error.path("code").asText()).isEqualTo("frame_too_large");
      assertThat(error.path("seq").asLong()).isGreaterThan(welcome.path("seq").asLong());
      assertThat(visitor.say("still here", "small").path("messageId").asText()).isNotEmpty();
    }
  }

  @Test
  void aMessageLongerThanTheLimitIsRefusedWithItsClientId() throws Exception {
    double before = errors("message_too_long");
    try (ChatClient visitor = gw.connect()) {
      visitor.hello(null, null);
      visitor.send(ChatClient.frame("message").put("text", "y".repeat(51)).put("clientId", "long-1"));
      JsonNode error = visitor.expect("error");
      assertThat(error.path("code").asText()).isEqualTo("message_too_long");
      assertThat(error.path("clientId").asText()).isEqualTo("long-1");
      assertThat(visitor.say("y".repeat(50), "exact").path("messageId").asText()).isNotEmpty();
    }
    assertThat(errors("message_too_long")).isEqualTo(before + 1);
  }

  @Test
  void aFrameBrokenInsideAFieldTheParserSkipsIsBadJsonCountedAndTheConnectionKeepsWorking() throws Exception {
    double before = errors("bad_json");
    try (ChatClient visitor = gw.connect()) {
      JsonNode welcome = visitor.hello(null, null);
      visitor.send("{\"type\":\"message\",\"clientId\":\"broken\",\"extra\":{\"a\":[1,,2]},\"text\":\"hi\"}");
      JsonNode error = visitor.expect("error");
      assertThat(error.path("code").asText()).isEqualTo("bad_json");
      assertThat(error.path("message").asText()).isEqualTo("The frame is not JSON.");
      assertThat(error.path("seq").asLong()).isGreaterThan(welcome.path("seq").asLong());
      assertThat(visitor.say("hi", "broken").path("duplicate").asBoolean()).isFalse();
    }
    assertThat(errors("bad_json")).isEqualTo(before + 1);
  }

  @Test
  void tooManyMessagesAreRefusedUntilTheRateAllowsMoreAndTheConnectionStays() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      visitor.hello(null, null);
      for (int i = 0; i < 5; i++) {
        visitor.say("m" + i, "rate-" + i);
      }
      visitor.send(ChatClient.frame("message").put("text", "one too many").put("clientId", "rate-5"));
      JsonNode error = visitor.expect("error");
      assertThat(error.path("code").asText()).isEqualTo("rate_limited");
      assertThat(error.path("clientId").asText()).isEqualTo("rate-5");

      gw.clock.advance(Duration.ofSeconds(12)); // 5 a minute: one more every 12 s
      assertThat(visitor.say("one too many", "rate-5").path("duplicate").asBoolean()).isFalse();
    }
    assertThat(errors("rate_limited")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aVisitorsSocketsShareOneLimitSoMoreSocketsBuyNoMoreMessages() throws Exception {
    gw.clock.advance(Duration.ofMinutes(1)); // every bucket full again
    ChatClient[] sockets = new ChatClient[4];
    try {
      sockets[0] = gw.connect();
      String token = sockets[0].hello(null, null).path("visitorToken").asText();
      for (int i = 1; i < sockets.length; i++) {
        sockets[i] = gw.connect();
        sockets[i].hello(token, null);
      }
      int acked = 0;
      int refused = 0;
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < sockets.length; i++) {
          String clientId = "shared-" + round + "-" + i;
          sockets[i].send(ChatClient.frame("message").put("text", "hi " + clientId).put("clientId", clientId));
          JsonNode answer = nextAnswer(sockets[i]);
          if (answer.path("type").asText().equals("ack")) {
            acked++;
          } else {
            assertThat(answer.path("code").asText()).isEqualTo("rate_limited");
            refused++;
          }
        }
      }
      assertThat(acked).as("5 a minute for the visitor, however many sockets").isEqualTo(5);
      assertThat(refused).isEqualTo(12 - 5);

      // Another visitor is not held back by the first one's sockets.
      try (ChatClient other = gw.connect()) {
        other.hello(null, null);
        assertThat(other.say("my own limit", "other-1").path("messageId").asText()).isNotEmpty();
      }
    } finally {
      for (ChatClient s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  /** The ack or error answering a message, skipping the echoes of the visitor's other tabs. */
  private static JsonNode nextAnswer(ChatClient socket) throws InterruptedException {
    while (true) {
      JsonNode f = socket.next();
      String type = f.path("type").asText();
      if (type.equals("ack") || type.equals("error")) {
        return f;
      }
    }
  }

  @Test
  void framesThatAreNotTheProtocolGetClearErrorsAndTheConnectionStays() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      visitor.send(ChatClient.frame("message").put("text", "too early").put("clientId", "e1"));
      assertThat(visitor.expect("error").path("code").asText()).isEqualTo("hello_required");
      visitor.send("{{{");
      assertThat(visitor.expect("error").path("code").asText()).isEqualTo("bad_json");
      visitor.send("{\"type\":42}");
      assertThat(visitor.expect("error").path("code").asText()).isEqualTo("bad_frame");
      visitor.hello(null, null);
      visitor.send(ChatClient.frame("hello"));
      assertThat(visitor.expect("error").path("code").asText()).isEqualTo("already_open");
      assertThat(visitor.say("fine now", "e2").path("messageId").asText()).isNotEmpty();
    }
  }

  @Test
  void aConnectionThatAnswersPingsOutlivesTheIdleTimeout() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      visitor.hello(null, null);
      // The JDK client answers the server's pings; after 3 idle periods the chat still works.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !visitor.isClosedByServer());
      assertThat(visitor.say("still awake", "idle-1").path("messageId").asText()).isNotEmpty();
    }
  }

  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (Socket s = new Socket("127.0.0.1", gw.server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /chat/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Origin: " + ChatHarness.ALLOWED_ORIGIN + "\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.setSoTimeout(10_000);
      long started = System.nanoTime();
      byte[] all = s.getInputStream().readAllBytes(); // ends when the server closes; pings go unanswered
      assertThat(new String(all, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void theWidgetAndTheDemoPageAreServed() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var widget = http.send(java.net.http.HttpRequest.newBuilder(gw.uri("/chat/widget.js")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(widget.statusCode()).isEqualTo(200);
    assertThat(widget.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
    assertThat(widget.body()).contains("window.SwitchboardChat").contains("/chat/widget/main.js");
    for (String module : ChatPages.WIDGET_MODULES) {
      var served = http.send(java.net.http.HttpRequest.newBuilder(gw.uri("/chat/widget/" + module))
          .header("Origin", "https://shop.example").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(served.statusCode()).as(module).isEqualTo(200);
      assertThat(served.headers().firstValue("content-type")).as(module)
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
      assertThat(served.headers().firstValue("access-control-allow-origin")).as("%s, imported across origins", module)
          .hasValue("*");
    }
    assertThat(http.send(java.net.http.HttpRequest.newBuilder(gw.uri("/chat/widget/main.js")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body()).contains("/chat/ws").contains("export function start");
    assertThat(widget.headers().firstValue("access-control-allow-origin")).as("a classic script needs no CORS").isEmpty();

    var page = http.send(java.net.http.HttpRequest.newBuilder(gw.uri("/chat/")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"widget.js\"");

    var bare = http.send(java.net.http.HttpRequest.newBuilder(gw.uri("/chat")).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("location")).hasValue("/chat/");
  }
}
