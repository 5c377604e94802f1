package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent desk over real websockets against a whole gateway (Netty transport, SQLite store, outbox). */
class AgentDeskTest {

  static final String ALICE = "alice-token";
  static final String BOB = "bob-token";

  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["admin-token"] }
      server: { authTimeout: 2s }
      routing:
        offerTimeout: 30s
        disconnectGrace: 1h
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      agents:
        - { id: alice, name: Alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            capacity: { sms: 50, chat: 5, email: 5 } }
        - { id: bob, name: Bob, tokenSha256: 97dd3707015dcf069cf73022ed7173b1165db6eff24b441cb57fd069a8c4e525,
            capacity: { sms: 50, chat: 5, email: 5 } }
      """).adapters(SMS).build();

  private static JsonNode offerOf(DeskClient c, ConversationId id) {
    return c.next(f -> f.path("type").asText().equals("offer")
        && f.path("conversationId").asText().equals(id.value()), "offer of " + id);
  }

  /** Has alice (alone on the desk) accept a new conversation; returns its id. */
  private static ConversationId assignedToAlice(DeskClient alice, String text) {
    ConversationId id = gateway.inboundSms(text);
    offerOf(alice, id);
    alice.send(frame("accept").put("conversationId", id.value()));
    alice.next(f -> f.path("type").asText().equals("assigned")
        && f.path("conversationId").asText().equals(id.value()), "assigned");
    return id;
  }

  @Test
  void aWrongTokenGetsAnErrorFrameAndTheConnectionIsClosed() {
    DeskClient c = DeskClient.connect(gateway.wsUri("/agent/ws"));
    c.send(frame("auth").put("token", "not-a-token"));

    JsonNode error = c.next("error");

    assertThat(error.path("code").asText()).isEqualTo("unauthorized");
    assertThat(error.has("seq")).isTrue();
    assertThat(c.closed.orTimeout(10, SECONDS).join()).isEqualTo(4401);
  }

  @Test
  void aConnectionThatNeverAuthenticatesIsClosedAfterTheAuthTimeout() {
    DeskClient c = DeskClient.connect(gateway.wsUri("/agent/ws"));

    JsonNode error = c.next("error");

    assertThat(error.path("code").asText()).isEqualTo("auth_timeout");
    assertThat(c.closed).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(4408);
  }

  @Test
  void framesBeforeAuthAreRefusedAndTheConnectionStays() {
    try (DeskClient c = DeskClient.connect(gateway.wsUri("/agent/ws"))) {
      c.send(frame("accept").put("conversationId", "X"));
      assertThat(c.next("error").path("code").asText()).isEqualTo("unauthenticated");

      c.send(frame("auth").put("token", ALICE));
      JsonNode ready = c.next("ready");
      assertThat(ready.path("agent").asText()).isEqualTo("alice");
    }
  }

  @Test
  void offerAcceptReplyAndDeliveryReachTheAgentAndTheChannel() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      ConversationId id = gateway.inboundSms("my order never came");

      JsonNode offer = offerOf(alice, id);
      assertThat(offer.path("preview").asText()).isEqualTo("my order never came");
      assertThat(offer.path("tier").asText()).isEqualTo("standard");
      assertThat(offer.path("channel").asText()).isEqualTo("sms");
      assertThat(offer.path("contact").path("identities")).isNotEmpty();

      alice.send(frame("accept").put("conversationId", id.value()));
      JsonNode assigned = alice.next("assigned");
      assertThat(assigned.path("messages")).hasSize(1);
      assertThat(assigned.path("conversation").path("assignee").asText()).isEqualTo("alice");

      alice.send(frame("reply").put("conversationId", id.value()).put("text", "On its way!").put("clientId", "r1"));
      JsonNode ack = alice.next("ack");
      assertThat(ack.path("clientId").asText()).isEqualTo("r1");
      String messageId = ack.path("messageId").asText();

      JsonNode sent = alice.next(f -> f.path("type").asText().equals("delivery")
          && f.path("status").asText().equals("sent"), "delivery sent");
      assertThat(sent.path("messageId").asText()).isEqualTo(messageId);
      assertThat(SMS.sent()).anySatisfy(m -> {
        assertThat(m.message().text()).isEqualTo("On its way!");
        assertThat(m.to().value()).isEqualTo(assigned.path("contact").path("identities").get(0).path("value").asText());
      });

      alice.send(frame("note").put("conversationId", id.value()).put("text", "VIP, be nice").put("clientId", "n1"));
      alice.next(f -> f.path("type").asText().equals("ack") && f.path("clientId").asText().equals("n1"), "note ack");
      assertThat(SMS.sent()).noneSatisfy(m -> assertThat(m.message().text()).isEqualTo("VIP, be nice"));
    }
  }

  @Test
  void aReplyFromAnAgentWhoIsNotTheAssigneeIsRefusedAndNothingIsStored() throws Exception {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      ConversationId id = assignedToAlice(alice, "help please");
      try (DeskClient bob = DeskClient.signIn(gateway.wsUri("/agent/ws"), BOB)) {
        bob.send(frame("reply").put("conversationId", id.value()).put("text", "I'm not alice").put("clientId", "b1"));
        assertThat(bob.next("error").path("code").asText()).isEqualTo("forbidden");

        bob.send(frame("resolve").put("conversationId", id.value()));
        JsonNode open = bob.next("error");
        assertThat(open.path("code").asText()).isEqualTo("forbidden");

        // an id that is not open answers the same, so the answers do not tell bob which ids are open
        bob.send(frame("resolve").put("conversationId", "no-such-conversation"));
        assertThat(bob.next("error").path("code").asText()).isEqualTo(open.path("code").asText());
        bob.send(frame("transfer").put("conversationId", "no-such-conversation").put("toTier", "standard"));
        assertThat(bob.next("error").path("code").asText()).isEqualTo("forbidden");
      }
      List<Message> messages = gateway.store().messages(id).toCompletableFuture().orTimeout(10, SECONDS).join();
      assertThat(messages).extracting(Message::direction).containsExactly(Direction.IN);
    }
  }

  @Test
  void readyReportsTheAgentsRealPresenceWhenTheySignInAgain() {
    try (DeskClient bob = DeskClient.signIn(gateway.wsUri("/agent/ws"), BOB)) {
      bob.send(frame("presence").put("status", "away"));
      await().until(() -> gateway.gateway().router().agents().toCompletableFuture().orTimeout(10, SECONDS).join().stream()
          .anyMatch(a -> a.id().equals("bob") && a.presence().equals("away")));
    }
    try (DeskClient bob = DeskClient.connect(gateway.wsUri("/agent/ws"))) {
      bob.send(frame("auth").put("token", BOB));
      assertThat(bob.next("ready").path("presence").asText()).isEqualTo("away");
      bob.send(frame("presence").put("status", "available"));
      await().until(() -> gateway.gateway().router().agents().toCompletableFuture().orTimeout(10, SECONDS).join().stream()
          .anyMatch(a -> a.id().equals("bob") && a.presence().equals("available")));
    }
  }

  @Test
  void aReconnectingDeskGetsWhatItMissedOrAFreshReady() throws Exception {
    long lastSeq;
    ConversationId id;
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      id = assignedToAlice(alice, "first message");
      lastSeq = alice.lastSeq();
    }
    // while alice is away (within her grace period) the customer writes again
    String from = gateway.store().conversation(id).toCompletableFuture().orTimeout(10, SECONDS).join().orElseThrow().threadKey()
        .split("\\|")[1];
    gateway.gateway().ingest().accept(InboundMessage.builder(Channel.SMS, Identity.phone(from),
        "SM" + System.nanoTime(), "+15550001111|" + from).text("are you there?").receivedAt(Instant.now()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join();

    try (DeskClient back = DeskClient.connect(gateway.wsUri("/agent/ws"))) {
      back.send(frame("auth").put("token", ALICE).put("resumeAfter", lastSeq));
      JsonNode missed = back.next("message");
      assertThat(missed.path("message").path("text").asText()).isEqualTo("are you there?");
      assertThat(missed.path("seq").asLong()).isGreaterThan(lastSeq);
      assertThat(back.drain(Duration.ofMillis(300))).noneMatch(f -> f.path("type").asText().equals("ready"));
    }

    try (DeskClient stale = DeskClient.connect(gateway.wsUri("/agent/ws"))) {
      stale.send(frame("auth").put("token", ALICE).put("resumeAfter", 1_000_000));
      JsonNode ready = stale.next("ready");
      assertThat(ready.path("conversations").findValuesAsText("id")).contains(id.value());
    }
  }

  @Test
  void badFramesGetErrorsCountedInMetricsAndTheConnectionStays() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      alice.sendRaw("{not json");
      assertThat(alice.next("error").path("code").asText()).isEqualTo("bad_json");
      alice.send(frame("dance"));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("unknown_type");
      alice.sendRaw("{\"type\":\"note\",\"text\":\"" + "x".repeat(70 * 1024) + "\"}");
      JsonNode tooBig = alice.next("error");
      assertThat(tooBig.has("seq")).isTrue();

      alice.send(frame("presence").put("status", "available"));
      alice.send(frame("history").put("conversationId", "nope"));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("forbidden");
      await().untilAsserted(() -> assertThat(gateway.gateway().meters().find("switchboard.desk.errors")
          .tag("code", "bad_json").counter()).isNotNull());
    }
  }
}
