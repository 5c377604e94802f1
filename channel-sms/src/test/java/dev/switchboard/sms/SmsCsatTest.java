package dev.switchboard.sms;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.testing.GatewayExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An SMS customer's satisfaction survey in a whole gateway: resolved on the desk, asked through the outbox
 * and the real Twilio SDK against the stand-in, answered by a reply of one digit that is not a new message,
 * shown to the agent; a customer who texted STOP is not asked.
 */
class SmsCsatTest {

  private static final FakeTwilioApi twilio = startTwilio();
  // sha256("alice-token")
  private static final String ALICE_SHA = "9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc";

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      server: { publicUrl: "%s" }
      channels:
        sms: { accountSid: "%s", authToken: "%s", numbers: ["%s"], apiBaseUrl: "%s" }
      routing:
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      agents:
        - { id: alice, name: Alice, tokenSha256: %s, capacity: { sms: 10 } }
      csat: { enabled: true, question: "How did we do?", channels: [sms], delay: 0s, window: 1d }
      """.formatted(TestConfigs.PUBLIC_URL, FakeTwilioApi.ACCOUNT_SID, FakeTwilioApi.AUTH_TOKEN,
      TestConfigs.OUR_NUMBER, twilio.baseUrl(), ALICE_SHA))
      .adapters(new SmsChannelAdapter())
      .build();

  private static final TwilioWebhooks webhooks = new TwilioWebhooks(gateway);

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

  private static HttpResponse<String> text(String sid, String from, String body) throws Exception {
    return webhooks.inbound(TwilioWebhooks.sms(sid, from, TestConfigs.OUR_NUMBER, body));
  }

  private static boolean type(JsonNode frame, String type) {
    return frame.path("type").asText().equals(type);
  }

  private static SmsAgentDeskTest.Desk alice() throws InterruptedException {
    SmsAgentDeskTest.Desk alice = new SmsAgentDeskTest.Desk(gateway.wsUri("/agent/ws"));
    alice.send("{\"type\":\"auth\",\"token\":\"alice-token\"}");
    alice.next(f -> type(f, "ready"));
    return alice;
  }

  /** Alice accepts the offer of the conversation whose last message is {@code preview}; returns its id. */
  private static String offerFor(SmsAgentDeskTest.Desk alice, String preview) throws InterruptedException {
    String id = alice.next(f -> type(f, "offer") && f.path("preview").asText().equals(preview))
        .path("conversationId").asText();
    alice.send("{\"type\":\"accept\",\"conversationId\":\"" + id + "\"}");
    alice.next(f -> type(f, "assigned") && f.path("conversationId").asText().equals(id));
    return id;
  }

  /** The customer writes, alice accepts, answers and resolves; returns the conversation id. */
  private static String resolvedByAlice(SmsAgentDeskTest.Desk alice, String customer, String sid) throws Exception {
    assertThat(text(sid, customer, "My parcel is late").statusCode()).isEqualTo(200);
    String id = offerFor(alice, "My parcel is late");
    alice.send("{\"type\":\"reply\",\"conversationId\":\"" + id + "\",\"text\":\"It comes today.\",\"clientId\":\"r-"
        + sid + "\"}");
    alice.next(f -> type(f, "ack"));
    alice.send("{\"type\":\"resolve\",\"conversationId\":\"" + id + "\"}");
    alice.next(x -> type(x, "conversation_updated") && x.path("conversation").path("status").asText().equals("resolved"));
    return id;
  }

  private static List<String> bodiesTo(String customer) {
    return twilio.messageRequests().stream().filter(r -> customer.equals(r.form().get("To")))
        .map(r -> r.form().get("Body")).toList();
  }

  private static List<CsatSurvey> surveys(String conversationId) throws Exception {
    return gateway.store().csat().ofConversation(new ConversationId(conversationId)).toCompletableFuture()
        .get(10, SECONDS);
  }

  @Test
  void aReplyOfOneDigitIsTheScoreAndTheAgentSeesIt() throws Exception {
    String customer = "+15557100001";
    try (SmsAgentDeskTest.Desk alice = alice()) {
      String id = resolvedByAlice(alice, customer, "SM" + "1".repeat(32));
      await().atMost(Duration.ofSeconds(20)).until(() -> bodiesTo(customer).stream()
          .anyMatch(b -> b.startsWith("How did we do? Reply with a number from 1")));

      String answerSid = "SM" + "2".repeat(32);
      HttpResponse<String> answered = text(answerSid, customer, " 4 ");
      assertThat(answered.statusCode()).isEqualTo(200);
      assertThat(answered.body()).doesNotContain("<Message>");
      JsonNode csat = alice.next(f -> type(f, "csat"));
      assertThat(csat.path("conversationId").asText()).isEqualTo(id);
      assertThat(csat.path("csat").path("score").asInt()).isEqualTo(4);

      // Twilio retries the webhook: the same answer, still not a message
      assertThat(text(answerSid, customer, " 4 ").statusCode()).isEqualTo(200);
      assertThat(surveys(id)).singleElement().satisfies(s -> {
        assertThat(s.status()).isEqualTo(CsatSurvey.Status.ANSWERED);
        assertThat(s.answer().orElseThrow().score()).isEqualTo(4);
      });
      assertThat(gateway.store().messages(new ConversationId(id)).toCompletableFuture().get(10, SECONDS))
          .noneMatch(m -> m.text().strip().equals("4"));
      assertThat(gateway.store().conversation(new ConversationId(id)).toCompletableFuture().get(10, SECONDS)
          .orElseThrow().status()).isEqualTo(ConversationStatus.RESOLVED);
      assertThat(gateway.gateway().meters().find("switchboard.csat.answers").tag("channel", "sms")
          .tag("outcome", "recorded").counter().count()).isEqualTo(1.0);
      // the history the agent opens lists the survey with its score
      alice.send("{\"type\":\"history\",\"conversationId\":\"" + id + "\"}");
      JsonNode history = alice.next(f -> type(f, "history"));
      assertThat(history.path("csat").get(0).path("score").asInt()).isEqualTo(4);
    }
  }

  @Test
  void aCustomerWhoTextedStopIsNotAsked() throws Exception {
    String customer = "+15557100002";
    try (SmsAgentDeskTest.Desk alice = alice()) {
      assertThat(text("SM" + "3".repeat(32), customer, "Hello").statusCode()).isEqualTo(200);
      String id = offerFor(alice, "Hello");
      assertThat(text("SM" + "4".repeat(32), customer, "STOP").statusCode()).isEqualTo(200);
      alice.send("{\"type\":\"resolve\",\"conversationId\":\"" + id + "\"}");

      await().atMost(Duration.ofSeconds(20)).until(() -> !surveys(id).isEmpty());
      assertThat(surveys(id)).singleElement().extracting(CsatSurvey::status).isEqualTo(CsatSurvey.Status.SKIPPED);
      assertThat(bodiesTo(customer)).noneMatch(b -> b.startsWith("How did we do?"));
      // a digit is then a message like any other
      String digit = "SM" + "5".repeat(32);
      assertThat(text(digit, customer, "5").statusCode()).isEqualTo(200);
      assertThat(gateway.store().messageByExternalId(dev.switchboard.core.model.Channel.SMS, digit)
          .toCompletableFuture().get(10, SECONDS)).hasValueSatisfying(m -> assertThat(m.text()).isEqualTo("5"));
    }
  }
}
