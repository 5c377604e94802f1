package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.offers;
import static dev.switchboard.core.routing.Fixture.only;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.EscalationConfig;
import dev.switchboard.config.Percent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.routing.RoutingDecision.Escalate;
import dev.switchboard.core.routing.RoutingDecision.SlaBreach;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalationAndSlaTest {

  private final Fixture f = new Fixture();

  @Test
  void promotesAWaitingConversationAtTheConfiguredFractionOfItsTarget() {
    f.escalation = List.of(new EscalationConfig(Percent.parse("80%"), 1, false));
    RoutingCore core = f.core();
    Conversation c = f.conversation(Channel.EMAIL);
    core.enqueue(c, tier("basic"), null, f.now());   // 4h target: escalates at 3h12m
    core.drainDecisions();
    core.drainChanged();

    f.advance(Duration.ofMinutes(191));
    core.tick(f.now());
    assertThat(core.drainDecisions()).isEmpty();

    f.advance(Duration.ofMinutes(1));
    core.tick(f.now());
    List<Escalate> esc = only(Escalate.class, core.drainDecisions());
    assertThat(esc).extracting(Escalate::fromTier, Escalate::toTier).containsExactly(org.assertj.core.groups.Tuple.tuple("basic", "standard"));
    assertThat(core.drainChanged()).singleElement().satisfies(saved -> {
      assertThat(saved.tier()).isEqualTo("standard");
      assertThat(saved.firstResponseDue()).isEqualTo(c.queuedAt().plus(Duration.ofMinutes(15)));
    });
    assertThat(core.queue()).singleElement().satisfies(e -> assertThat(e.tier()).isEqualTo("standard"));
  }

  @Test
  void promotionMovesAConversationAheadUnderStrictPriority() {
    f.escalation = List.of(new EscalationConfig(Percent.parse("50%"), 1, false));
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.core();
    Conversation standard = f.conversation(Channel.CHAT);
    core.enqueue(standard, tier("standard"), null, f.now());
    f.advance(Duration.ofMinutes(1));
    Conversation vip = f.conversation(Channel.CHAT);
    core.enqueue(vip, tier("vip"), null, f.now());

    f.advance(Duration.ofMinutes(7)); // 8 min: standard's 50% (7.5m) passed, now vip and older than the other
    core.tick(f.now());
    core.agentConnected("alice", f.now());

    assertThat(offers(core.drainDecisions())).extracting(o -> o.conversation().id()).containsExactly(standard.id());
  }

  @Test
  void wideningLetsAnAgentWithoutTheSkillOrTierTakeIt() {
    f.escalation = List.of(new EscalationConfig(Percent.parse("50%"), 0, true));
    f.agent("alice", List.of("basic"), List.of(), Map.of("chat", 1));
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier("vip", "french"), null, f.now());
    assertThat(offers(core.drainDecisions())).isEmpty();

    f.advance(Duration.ofMinutes(1));
    core.tick(f.now());

    List<RoutingDecision> d = core.drainDecisions();
    assertThat(only(Escalate.class, d)).singleElement().satisfies(e -> assertThat(e.widened()).isTrue());
    assertThat(offers(d)).extracting(RoutingDecision.Offer::agent).containsExactly("alice");
  }

  @Test
  void reportsAFirstResponseBreachPerTierUnlessAnAgentAnsweredInTime() {
    f.agent("alice");
    RoutingCore core = f.connectedCore();
    Conversation late = f.conversation(Channel.SMS);
    core.enqueue(late, tier("vip"), null, f.now());
    core.accept("alice", late.id(), f.now());
    Conversation answered = f.conversation(Channel.SMS);
    core.enqueue(answered, tier("vip"), null, f.now());
    core.accept("alice", answered.id(), f.now());
    core.messageAdded(answered, message(answered, Direction.OUT, "alice"), f.now());
    Conversation autoReplied = f.conversation(Channel.CHAT);
    core.enqueue(autoReplied, tier("vip"), null, f.now());
    core.messageAdded(autoReplied, message(autoReplied, Direction.OUT, RoutingCore.SYSTEM_AUTHOR), f.now());
    core.drainDecisions();

    f.advance(Duration.ofMinutes(2));
    core.tick(f.now());

    assertThat(only(SlaBreach.class, core.drainDecisions()))
        .extracting(b -> b.conversation().id(), SlaBreach::tier, SlaBreach::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(late.id(), "vip", RoutingDecision.SlaKind.FIRST_RESPONSE),
            org.assertj.core.groups.Tuple.tuple(autoReplied.id(), "vip", RoutingDecision.SlaKind.FIRST_RESPONSE));
  }

  @Test
  void aCustomerMessageAfterTheFirstReplyStartsTheNextResponseClock() {
    f.agent("alice");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.SMS);
    core.enqueue(c, tier("vip"), null, f.now());
    core.accept("alice", c.id(), f.now());
    core.messageAdded(c, message(c, Direction.OUT, "alice"), f.now());
    f.advance(Duration.ofMinutes(1));
    core.messageAdded(c, message(c, Direction.IN, null), f.now());
    core.drainChanged();
    assertThat(core.conversation(c.id()).nextResponseDue()).isEqualTo(f.now().plus(Duration.ofMinutes(5)));

    f.advance(Duration.ofMinutes(5));
    core.tick(f.now());

    assertThat(only(SlaBreach.class, core.drainDecisions())).extracting(SlaBreach::kind).containsExactly(RoutingDecision.SlaKind.NEXT_RESPONSE);
  }

  @Test
  void theFirstAgentReplyReportsItsTimeOnTheTiersClockOnceAndTheAutoReplyDoesNot() {
    f.agent("alice");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.SMS);
    core.enqueue(c, tier("standard"), null, f.now());
    core.accept("alice", c.id(), f.now());
    core.messageAdded(c, message(c, Direction.OUT, RoutingCore.SYSTEM_AUTHOR), f.now());
    assertThat(only(RoutingDecision.FirstResponse.class, core.drainDecisions())).isEmpty();

    f.advance(Duration.ofMinutes(3));
    core.messageAdded(c, message(c, Direction.OUT, "alice"), f.now());
    f.advance(Duration.ofMinutes(1));
    core.messageAdded(c, message(c, Direction.OUT, "alice"), f.now());

    assertThat(only(RoutingDecision.FirstResponse.class, core.drainDecisions())).singleElement().satisfies(r -> {
      assertThat(r.conversation().id()).isEqualTo(c.id());
      assertThat(r.tier()).isEqualTo("standard");
      assertThat(r.elapsed()).isEqualTo(Duration.ofMinutes(3));
      assertThat(r.target()).isEqualTo(Duration.ofMinutes(15));
    });
  }

  private Message message(Conversation c, Direction direction, String author) {
    Instant t = f.now();
    return new Message(MessageId.random(), c.id(), direction, author, "text", null, List.of(), null,
        direction == Direction.IN ? DeliveryStatus.RECEIVED : DeliveryStatus.QUEUED, null, t);
  }
}
