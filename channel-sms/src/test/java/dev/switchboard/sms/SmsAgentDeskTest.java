package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
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
      routing:
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      agents:
        - { id: alice, name: Alice, tokenSha256: %s, capacity: { sms: 10 } }
      """.formatted(FakeTwilioApi.ACCOUNT_SID, FakeTwilioApi.AUTH_TOKEN, TestConfigs.OUR_NUMBER, twilio.baseUrl(),
      ALICE_SHA))
      .adapters(new SmsChannelAdapter())
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
    try (Desk alice = new Desk(gateway.wsUri("/agent/ws"))) {
      alice.send("{\"type\":\"auth\",\"token\":\"alice-token\"}");
      alice.next(f -> type(f, "ready"));

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

      FakeTwilioApi.Recorded request = twilio.messageRequests().get(0);
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
      assertThat(twilio.messageRequests()).hasSize(1);
    }
  }

  private static boolean type(JsonNode frame, String type) {
    return frame.path("type").asText().equals(type);
  }

  /** A real websocket client of the agent desk. */
  private static final class Desk implements AutoCloseable {
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
          }).join();
    }

    void send(String frame) {
      ws.sendText(frame, true).join();
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
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }
}
