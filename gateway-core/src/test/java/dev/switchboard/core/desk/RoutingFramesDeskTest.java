package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The desk frames of {@code routing.warnAt} and {@code routing.answerTimeout}, over real websockets
 * against a whole gateway whose clock the test moves (the router's tick reads it).
 */
class RoutingFramesDeskTest {

  static final String ALICE = "alice-token";
  static final String SAM = "sam-token";
  static final MutableClock clock = new MutableClock(Instant.now());
  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      routing:
        offerTimeout: 1h
        disconnectGrace: 1h
        answerTimeout: 5m
        warnAt: 80%
        tiers:
          - { name: vip, firstResponse: 2m, nextResponse: 5m }
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      agents:
        - { id: alice, name: Alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            tiers: [standard], capacity: { sms: 50, chat: 5, email: 5 } }
        - { id: sam, name: Sam, tokenSha256: 936bfb82812a7c03bf9bbdb6b435e42b2af1bf7c3770444fd2fb3e6fe74ce619,
            tiers: [vip], supervisor: true, capacity: { sms: 5, chat: 5, email: 5 } }
      """).clock(clock).adapters(SMS).build();

  private static JsonNode about(DeskClient c, String type, ConversationId id) {
    return c.next(f -> f.path("type").asText().equals(type)
        && f.path("conversationId").asText().equals(id.value()), type + " of " + id);
  }

  @Test
  void aSupervisorIsWarnedWhenAWaitingConversationPassesTheShareOfItsTarget() {
    try (DeskClient sam = DeskClient.signIn(gateway.wsUri("/agent/ws"), SAM)) {
      ConversationId id = gateway.inboundSms("my order never arrived");
      await().atMost(10, SECONDS).until(() -> gateway.gateway().router().queue().toCompletableFuture()
          .orTimeout(10, SECONDS).join().stream().anyMatch(e -> e.conversationId().equals(id)));

      clock.advance(Duration.ofMinutes(12)); // 80% of 15 minutes

      JsonNode warning = about(sam, "sla_warning", id);
      assertThat(warning.path("tier").asText()).isEqualTo("standard");
      assertThat(warning.path("state").asText()).isEqualTo("waiting");
      assertThat(warning.path("assignee").isNull()).isTrue();
      assertThat(warning.path("percent").asInt()).isEqualTo(80);
      assertThat(Instant.parse(warning.path("dueAt").asText())).isAfter(clock.instant());
      assertThat(warning.has("seq")).isTrue();
    }
  }

  @Test
  void anAgentWhoAcceptsAndDoesNotAnswerLosesTheConversationWithReasonAnswerTimeout() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      ConversationId id = gateway.inboundSms("hello?");
      about(alice, "offer", id);
      alice.send(frame("accept").put("conversationId", id.value()));
      about(alice, "assigned", id);

      clock.advance(Duration.ofMinutes(5));

      JsonNode updated = alice.next(f -> f.path("type").asText().equals("conversation_updated")
          && f.path("reason").asText().equals("answer_timeout")
          && f.path("conversation").path("id").asText().equals(id.value()), "answer_timeout of " + id);
      assertThat(updated.path("conversation").path("status").asText()).isEqualTo("queued");
      assertThat(updated.path("conversation").path("assignee").isMissingNode()
          || updated.path("conversation").path("assignee").isNull()).isTrue();
    }
  }

  @Test
  void anAgentsReplyReachesTheRouterAsTheConversationsFirstResponse() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      ConversationId id = gateway.inboundSms("who answers here?");
      about(alice, "offer", id);
      alice.send(frame("accept").put("conversationId", id.value()));
      about(alice, "assigned", id);
      long before = firstResponses();

      alice.send(frame("reply").put("conversationId", id.value()).put("text", "I do").put("clientId", "r-" + id));

      // The store's MessageAdded, through the router's intake: the SLA clock records the first response.
      await().atMost(10, SECONDS).until(() -> firstResponses() == before + 1);
    }
  }

  private static long firstResponses() {
    var timer = gateway.gateway().meters().find("switchboard.routing.first.response").tag("tier", "standard")
        .timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void afterARestartTheAnswerTimeoutRunsFromTheStoredAccept() throws Exception {
    ConversationId id;
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      id = gateway.inboundSms("anyone there?");
      about(alice, "offer", id);
      alice.send(frame("accept").put("conversationId", id.value()));
      about(alice, "assigned", id);
    }
    // The store stamps the save with its clock when the write runs: let it run before time moves.
    await().atMost(10, SECONDS).until(() -> gateway.store().conversation(id).toCompletableFuture()
        .orTimeout(10, SECONDS).join().map(c -> "alice".equals(c.assignee())).orElse(false));
    clock.advance(Duration.ofMinutes(2));
    gateway.restart();

    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      clock.advance(Duration.ofMinutes(3)); // 5 minutes after the accept, 3 after the restart

      JsonNode updated = alice.next(f -> f.path("type").asText().equals("conversation_updated")
          && f.path("reason").asText().equals("answer_timeout")
          && f.path("conversation").path("id").asText().equals(id.value()), "answer_timeout of " + id);
      assertThat(updated.path("conversation").path("status").asText()).isEqualTo("queued");
    }
  }
}
