package dev.switchboard.sms;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.outbox.OutboxDispatcher;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.GatewayExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent on the desk websocket answers an SMS: the reply leaves through the outbox and the Twilio SDK
 * to the stand-in, and Twilio's status callbacks come back to the agent as {@code delivery} frames.
 */
class SmsAgentDeskTest {

  private static final FakeTwilioApi twilio = startTwilio();
  private static final MutableClock clock = MutableClock.startingAt("2026-11-30T09:00:00Z");
  // sha256("alice-token")
  private static final String ALICE_SHA = "9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc";

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      server: { publicUrl: "https://support.example.com" }
      channels:
        sms:
          accountSid: "%s"
          authToken: "%s"
          numbers: ["%s"]
          apiBaseUrl: "%s"
          requestTimeout: 1s
      routing:
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      agents:
        - { id: alice, name: Alice, tokenSha256: %s, capacity: { sms: 10 } }
      """.formatted(FakeTwilioApi.ACCOUNT_SID, FakeTwilioApi.AUTH_TOKEN, TestConfigs.OUR_NUMBER, twilio.baseUrl(),
      ALICE_SHA))
      .adapters(new SmsChannelAdapter())
      .clock(clock)
      .build();

  @AfterAll
  static void stopTwilio() {
    twilio.close();
  }

  private static FakeTwilioApi startTwilio() {
    try {
      return new FakeTwilioApi();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> webhook(String path, Map<String, String> fields) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", TwilioSigner.sign(FakeTwilioApi.AUTH_TOKEN,
            "https://support.example.com" + path, fields))
        .POST(HttpRequest.BodyPublishers.ofString(TwilioSigner.form(fields)))
        .build();
    return gateway.http().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> sms(String sid, String from, String body) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("MessageSid", sid);
    f.put("AccountSid", FakeTwilioApi.ACCOUNT_SID);
    f.put("From", from);
    f.put("To", TestConfigs.OUR_NUMBER);
    f.put("Body", body);
    f.put("NumMedia", "0");
    return f;
  }

  @Test
  void agentsReplyGoesOutThroughTwilioAndItsDeliveryComesBack() throws Exception {
    String customer = "+15557000001";
    try (Desk alice = aliceSignedIn()) {

      assertThat(webhook(SmsSettings.INBOUND_PATH, sms("SM" + "a".repeat(32), customer, "Where is my parcel?"))
          .statusCode()).isEqualTo(200);

      JsonNode offer = alice.next(f -> type(f, "offer"));
      assertThat(offer.path("channel").asText()).isEqualTo("sms");
      assertThat(offer.path("preview").asText()).isEqualTo("Where is my parcel?");
      String conversationId = offer.path("conversationId").asText();
      alice.send("{\"type\":\"accept\",\"conversationId\":\"" + conversationId + "\"}");
      alice.next(f -> type(f, "assigned"));

      alice.send("{\"type\":\"reply\",\"conversationId\":\"" + conversationId
          + "\",\"text\":\"It arrives tomorrow.\",\"clientId\":\"r1\"}");
      String messageId = alice.next(f -> type(f, "ack")).path("messageId").asText();
      alice.next(f -> type(f, "delivery") && f.path("status").asText().equals("sent")
          && f.path("messageId").asText().equals(messageId));

      FakeTwilioApi.Recorded request = twilio.messageRequests().stream()
          .filter(r -> customer.equals(r.form().get("To"))).findFirst().orElseThrow(); // other tests text too
      assertThat(request.form()).containsEntry("To", customer)
          .containsEntry("From", TestConfigs.OUR_NUMBER)
          .containsEntry("Body", "It arrives tomorrow.")
          .containsEntry("StatusCallback", "https://support.example.com/sms/twilio/status");
      String sid = gateway.store().message(new dev.switchboard.core.model.MessageId(messageId))
          .toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow().externalId();

      assertThat(webhook(SmsSettings.STATUS_PATH, Map.of("MessageSid", sid, "MessageStatus", "delivered",
          "AccountSid", FakeTwilioApi.ACCOUNT_SID)).statusCode()).isEqualTo(200);

      alice.next(f -> type(f, "delivery") && f.path("status").asText().equals("delivered")
          && f.path("messageId").asText().equals(messageId));

      // The customer texts STOP: the next reply is refused, and the agent is told why.
      webhook(SmsSettings.INBOUND_PATH, sms("SM" + "b".repeat(32), customer, "STOP"));
      alice.send("{\"type\":\"reply\",\"conversationId\":\"" + conversationId
          + "\",\"text\":\"Anything else?\",\"clientId\":\"r2\"}");
      String refusedId = alice.next(f -> type(f, "ack") && f.path("clientId").asText().equals("r2"))
          .path("messageId").asText();
      JsonNode failed = alice.next(f -> type(f, "delivery") && f.path("status").asText().equals("failed")
          && f.path("messageId").asText().equals(refusedId));
      assertThat(failed.path("detail").asText()).contains("opted_out", "texted STOP");
      assertThat(twilio.messageRequests()).filteredOn(r -> customer.equals(r.form().get("To"))).hasSize(1);
    }
  }

  /**
   * Twilio answers 500 for a while, then hangs past the request timeout, then recovers: the agent sees
   * each reply {@code pending} with the reason, {@code /health/ready} names the SMS channel degraded
   * (still 200), and after the recovery each reply is created at Twilio exactly once. A refusal for good
   * (21211) reaches the agent as {@code failed} with Twilio's reason.
   */
  @Test
  void repliesWaitOutATwilioOutageAsPendingAndAreDeliveredOnceAfterIt() throws Exception {
    String customer = "+15557000002";
    try (Desk alice = aliceSignedIn()) {
      webhook(SmsSettings.INBOUND_PATH, sms("SM" + "c".repeat(32), customer, "Is the outage over?"));
      String conversationId = alice.next(f -> type(f, "offer")
          && f.path("preview").asText().equals("Is the outage over?")).path("conversationId").asText();
      alice.send("{\"type\":\"accept\",\"conversationId\":\"" + conversationId + "\"}");
      alice.next(f -> type(f, "assigned"));

      twilio.failAlways(new FakeTwilioApi.Failure(500, 20500, "Internal Server Error"));
      String first = reply(alice, conversationId, "Not yet, sorry.", "o1");
      String second = reply(alice, conversationId, "We will text you.", "o2");
      java.util.Set<String> pending = new java.util.HashSet<>();
      while (pending.size() < 2) { // in either order
        JsonNode f = alice.next(x -> delivery(x, first, "pending") || delivery(x, second, "pending"));
        assertThat(f.path("detail").asText()).contains("500");
        pending.add(f.path("messageId").asText());
      }
      JsonNode health = Json.read(gateway.get("/health/ready", null).body());
      assertThat(gateway.get("/health/ready", null).statusCode()).isEqualTo(200);
      assertThat(health.path("status").asText()).isEqualTo("degraded");
      assertThat(health.path("checks").path("sms").asText()).isEqualTo("degraded");
      assertThat(health.path("checks").path("store").asText()).isEqualTo("up");
      assertThat(health.path("degraded").path("sms").path("reason").asText()).contains("500");

      // Now it hangs: the probe times out after requestTimeout and the replies stay pending.
      twilio.failAlways(null);
      twilio.stall();
      int before = twilio.messageRequests().size();
      clock.advance(OutboxDispatcher.PROBE_EVERY);
      await().atMost(Duration.ofSeconds(20)).until(() -> twilio.messageRequests().size() > before);
      alice.next(f -> type(f, "delivery") && f.path("status").asText().equals("pending")
          && (f.path("messageId").asText().equals(first) || f.path("messageId").asText().equals(second))
          && !f.path("detail").asText().contains("500"));
      assertThat(twilio.createdBodies()).doesNotContain("Not yet, sorry.", "We will text you.");

      // Back: the next probe is accepted and the other reply is released at once.
      twilio.answerAgain();
      clock.advance(OutboxDispatcher.PROBE_EVERY);
      java.util.Set<String> sent = new java.util.HashSet<>();
      while (sent.size() < 2) { // in either order
        sent.add(alice.next(f -> delivery(f, first, "sent") || delivery(f, second, "sent"))
            .path("messageId").asText());
      }
      assertThat(twilio.createdBodies()).filteredOn(b -> b.equals("Not yet, sorry.")).hasSize(1);
      assertThat(twilio.createdBodies()).filteredOn(b -> b.equals("We will text you.")).hasSize(1);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
          Json.read(gateway.get("/health/ready", null).body()).path("checks").path("sms").asText()).isEqualTo("up"));

      // A refusal for good is not retried: the agent sees it failed, with Twilio's reason.
      twilio.failNext(400, 21211, "The 'To' number +15557000002 is not a valid phone number.");
      String refused = reply(alice, conversationId, "One more thing", "o3");
      JsonNode failed = alice.next(f -> delivery(f, refused, "failed"));
      assertThat(failed.path("detail").asText()).contains("21211", "not a valid phone number");
    }
  }

  /**
   * The agent attaches a picture: the real Twilio SDK asks the stand-in for an MMS whose MediaUrl is a
   * signed link under server.publicUrl; that link serves the picture without a token, and is refused
   * (403) once its hour has passed or when its signature is changed.
   */
  @Test
  void aPictureTheAgentAttachesGoesAsMmsThroughASignedLinkThatExpires() throws Exception {
    String customer = "+15557000003";
    byte[] png = new byte[20_000];
    new java.util.Random(3).nextBytes(png);
    png[0] = (byte) 0x89;
    try (Desk alice = aliceSignedIn()) {
      webhook(SmsSettings.INBOUND_PATH, sms("SM" + "d".repeat(32), customer, "Which cable?"));
      String conversationId = alice.next(f -> type(f, "offer")
          && f.path("preview").asText().equals("Which cable?")).path("conversationId").asText();
      alice.send("{\"type\":\"accept\",\"conversationId\":\"" + conversationId + "\"}");
      alice.next(f -> type(f, "assigned"));

      HttpResponse<String> uploaded = gateway.http().send(HttpRequest.newBuilder(gateway.uri(
              "/api/attachments?conversationId=" + conversationId + "&filename=cable.png"))
          .header("Authorization", "Bearer alice-token").header("Content-Type", "image/png")
          .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(uploaded.statusCode()).isEqualTo(201);
      String attachmentId = Json.read(uploaded.body()).path("id").asText();
      alice.send("{\"type\":\"reply\",\"conversationId\":\"" + conversationId
          + "\",\"text\":\"This one.\",\"clientId\":\"m1\",\"attachmentIds\":[\"" + attachmentId + "\"]}");
      String messageId = alice.next(f -> type(f, "ack") && f.path("clientId").asText().equals("m1"))
          .path("messageId").asText();
      alice.next(f -> delivery(f, messageId, "sent"));

      FakeTwilioApi.Recorded request = twilio.messageRequests().stream()
          .filter(r -> "This one.".equals(r.form().get("Body"))).findFirst().orElseThrow();
      URI media = URI.create(request.form().get("MediaUrl"));
      assertThat(media.toString()).startsWith("https://support.example.com/media/" + attachmentId + "?expires=");
      String link = media.getRawPath() + "?" + media.getRawQuery();

      HttpResponse<byte[]> fetched = gateway.http().send(HttpRequest.newBuilder(gateway.uri(link)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(fetched.headers().firstValue("Content-Type")).contains("image/png");
      assertThat(fetched.body()).isEqualTo(png);

      String forged = link.replaceFirst("sig=(.)", "sig=" + (link.contains("sig=A") ? "B" : "A"));
      assertThat(gateway.get(forged, null).statusCode()).isEqualTo(403);
      clock.advance(Duration.ofHours(1).plusSeconds(1));
      HttpResponse<String> expired = gateway.get(link, null);
      assertThat(expired.statusCode()).isEqualTo(403);
      assertThat(expired.body()).contains("link_expired");
    }
  }

  /** Alice on the desk websocket, authenticated. */
  private static Desk aliceSignedIn() throws InterruptedException {
    Desk alice = new Desk(gateway.wsUri("/agent/ws"));
    alice.send("{\"type\":\"auth\",\"token\":\"alice-token\"}");
    alice.next(f -> type(f, "ready"));
    return alice;
  }

  private static String reply(Desk agent, String conversationId, String text, String clientId) throws Exception {
    agent.send("{\"type\":\"reply\",\"conversationId\":\"" + conversationId + "\",\"text\":\"" + text
        + "\",\"clientId\":\"" + clientId + "\"}");
    return agent.next(f -> type(f, "ack") && f.path("clientId").asText().equals(clientId)).path("messageId").asText();
  }

  private static boolean delivery(JsonNode frame, String messageId, String status) {
    return type(frame, "delivery") && frame.path("messageId").asText().equals(messageId)
        && frame.path("status").asText().equals(status);
  }

  private static boolean type(JsonNode frame, String type) {
    return frame.path("type").asText().equals(type);
  }

  /** A real websocket client of the agent desk. */
  static final class Desk implements AutoCloseable {
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final WebSocket ws;

    Desk(URI uri) {
      ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
          .buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              text.append(data);
              if (last) {
                try {
                  frames.add(Json.read(text.toString()));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                text.setLength(0);
              }
              w.request(1);
              return null;
            }
          }).orTimeout(10, SECONDS).join();
    }

    void send(String frame) {
      ws.sendText(frame, true).orTimeout(10, SECONDS).join();
    }

    /** The next frame that matches, skipping others; fails after 20 s. */
    JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        JsonNode f = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (f == null) {
          throw new AssertionError("no matching frame within 20 s");
        }
        if (wanted.test(f)) {
          return f;
        }
      }
    }

    @Override
    public void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, SECONDS).join();
    }
  }
}
