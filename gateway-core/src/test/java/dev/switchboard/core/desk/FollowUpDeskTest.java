package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Follow-ups over real websockets, on a clock the test moves: one is sent through the outbox when it falls
 * due, dropped as soon as the customer writes, cancelled by its author, kept across a restart, and every
 * bad request gets an {@code error} frame.
 */
class FollowUpDeskTest {

  static final String ALICE = "alice-token";
  static final String SAM = "sam-token";
  static final String BOB = "bob-token";
  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);
  static final MutableClock CLOCK = MutableClock.startingAt("2026-03-02T09:00:00Z");

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["admin-token"] }
      routing:
        offerTimeout: 30d
        tiers:
          - { name: vip, firstResponse: 2m, nextResponse: 5m }
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      agents:
        - { id: alice, name: Alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            tiers: [standard], capacity: { sms: 50 } }
        - { id: bob, name: Bob, tokenSha256: 97dd3707015dcf069cf73022ed7173b1165db6eff24b441cb57fd069a8c4e525,
            tiers: [vip], capacity: { sms: 5 } }
        - { id: sam, name: Sam, tokenSha256: 936bfb82812a7c03bf9bbdb6b435e42b2af1bf7c3770444fd2fb3e6fe74ce619,
            tiers: [vip], supervisor: true, capacity: { sms: 5 } }
      """).adapters(SMS).clock(CLOCK).build();

  private static final AtomicInteger numbers = new AtomicInteger(4000);

  private record Customer(String phone, ConversationId conversation) {}

  private static ConversationId write(String phone, String text) {
    return gateway.gateway().ingest().accept(InboundMessage.builder(Channel.SMS, Identity.phone(phone),
        "SM" + System.nanoTime(), "+15550001111|" + phone).text(text).receivedAt(CLOCK.instant()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join().conversationId();
  }

  /** A customer's new conversation, offered to and accepted by {@code desk}. */
  private static Customer accepted(DeskClient desk) {
    String phone = "+1555300" + numbers.incrementAndGet();
    ConversationId id = write(phone, "my router is down");
    about(desk, "offer", id);
    desk.send(frame("accept").put("conversationId", id.value()));
    about(desk, "assigned", id);
    return new Customer(phone, id);
  }

  private static JsonNode about(DeskClient c, String type, ConversationId id) {
    return c.next(f -> f.path("type").asText().equals(type)
        && f.path("conversationId").asText().equals(id.value()), type + " of " + id);
  }

  private static JsonNode followUp(DeskClient c, ConversationId id, String status) {
    return c.next(f -> f.path("type").asText().equals("follow_up_updated")
        && f.path("followUp").path("conversationId").asText().equals(id.value())
        && f.path("followUp").path("status").asText().equals(status), "follow-up " + status + " in " + id)
        .path("followUp");
  }

  private static void schedule(DeskClient c, ConversationId id, Instant at, String text, String clientId) {
    c.send(frame("follow_up").put("conversationId", id.value()).put("at", at.toString()).put("text", text)
        .put("clientId", clientId));
  }

  private static double scheduledCount() {
    return gateway.gateway().meters().get("switchboard.followups").tag("outcome", "scheduled").counter().count();
  }

  private static long sentTo(ConversationId id, String text) {
    return SMS.sent().stream().filter(m -> m.conversation().id().equals(id) && m.message().text().equals(text))
        .count();
  }

  @Test
  void aFollowUpIsSentOnceThroughTheConversationsChannelWhenItFallsDue() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      Customer c = accepted(alice);
      Instant at = CLOCK.instant().plus(Duration.ofHours(4));
      schedule(alice, c.conversation(), at, "Is the router back up?", "f1");
      JsonNode scheduled = followUp(alice, c.conversation(), "scheduled");
      assertThat(scheduled.path("text").asText()).isEqualTo("Is the router back up?");
      assertThat(Instant.parse(scheduled.path("at").asText())).isEqualTo(at);
      double made = scheduledCount();

      // A resend with the same clientId (after a reconnect) answers the stored one and makes no second.
      schedule(alice, c.conversation(), at.plus(Duration.ofHours(1)), "Is the router back up?", "f1");
      assertThat(followUp(alice, c.conversation(), "scheduled").path("id").asText())
          .isEqualTo(scheduled.path("id").asText());
      assertThat(scheduledCount()).isEqualTo(made);

      alice.send(frame("follow_ups"));
      assertThat(alice.next("follow_ups").path("followUps").findValuesAsText("id"))
          .contains(scheduled.path("id").asText());

      CLOCK.advance(Duration.ofHours(4));
      JsonNode sent = followUp(alice, c.conversation(), "sent");
      assertThat(sent.path("messageId").asText()).isNotBlank();
      JsonNode message = about(alice, "message", c.conversation());
      assertThat(message.path("message").path("text").asText()).isEqualTo("Is the router back up?");
      await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(c.conversation(), "Is the router back up?") == 1);

      alice.send(frame("follow_ups"));
      assertThat(alice.next("follow_ups").path("followUps").findValuesAsText("id"))
          .doesNotContain(scheduled.path("id").asText());
    }
  }

  @Test
  void theCustomersMessageDropsTheFollowUpAtOnce() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      Customer c = accepted(alice);
      schedule(alice, c.conversation(), CLOCK.instant().plus(Duration.ofDays(2)), "Any news?", "f2");
      followUp(alice, c.conversation(), "scheduled");
      CLOCK.advance(Duration.ofMinutes(1));
      write(c.phone(), "it works again, thanks");

      followUp(alice, c.conversation(), "dropped");
      CLOCK.advance(Duration.ofDays(2));
      assertThat(sentTo(c.conversation(), "Any news?")).isZero();
    }
  }

  @Test
  void theAuthorOrASupervisorMayCancelAndNobodyElse() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE);
        DeskClient bob = DeskClient.signIn(gateway.wsUri("/agent/ws"), BOB);
        DeskClient sam = DeskClient.signIn(gateway.wsUri("/agent/ws"), SAM)) {
      Customer c = accepted(alice);
      schedule(alice, c.conversation(), CLOCK.instant().plus(Duration.ofDays(1)), "Checking in", "f3");
      String id = followUp(alice, c.conversation(), "scheduled").path("id").asText();

      bob.send(frame("cancel_follow_up").put("followUpId", id));
      assertThat(bob.next("error").path("code").asText()).isEqualTo("forbidden");
      sam.send(frame("cancel_follow_up").put("followUpId", id));
      followUp(alice, c.conversation(), "cancelled");
      alice.send(frame("cancel_follow_up").put("followUpId", id));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("conflict");
      alice.send(frame("cancel_follow_up").put("followUpId", "01NOSUCHFOLLOWUP000000000"));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("not_found");

      CLOCK.advance(Duration.ofDays(2));
      assertThat(sentTo(c.conversation(), "Checking in")).isZero();
    }
  }

  @Test
  void badFollowUpsGetAnErrorFrame() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE);
        DeskClient bob = DeskClient.signIn(gateway.wsUri("/agent/ws"), BOB)) {
      Customer c = accepted(alice);
      schedule(alice, c.conversation(), CLOCK.instant().minus(Duration.ofMinutes(1)), "late", "b1");
      assertThat(alice.next("error").path("code").asText()).isEqualTo("bad_time");
      schedule(alice, c.conversation(), CLOCK.instant().plus(Duration.ofDays(91)), "far", "b2");
      assertThat(alice.next("error").path("message").asText()).contains("90 days");
      alice.send(frame("follow_up").put("conversationId", c.conversation().value()).put("at", "tomorrow")
          .put("text", "x").put("clientId", "b3"));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("bad_request");
      alice.send(frame("follow_up").put("conversationId", c.conversation().value()));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("bad_request");
      schedule(bob, c.conversation(), CLOCK.instant().plus(Duration.ofHours(1)), "not mine", "b4");
      assertThat(bob.next("error").path("code").asText()).isEqualTo("forbidden");
      alice.send(frame("cancel_follow_up"));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("bad_request");
    }
  }

  @Test
  void aScheduledFollowUpSurvivesARestart() throws Exception {
    Customer c;
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      c = accepted(alice);
      schedule(alice, c.conversation(), CLOCK.instant().plus(Duration.ofHours(8)), "After the restart", "r1");
      followUp(alice, c.conversation(), "scheduled");
    }
    gateway.restart();
    CLOCK.advance(Duration.ofHours(8));
    await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(c.conversation(), "After the restart") == 1);
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      alice.send(frame("follow_ups"));
      assertThat(alice.next("follow_ups").path("followUps").findValuesAsText("text")).doesNotContain("After the restart");
    }
  }
}
