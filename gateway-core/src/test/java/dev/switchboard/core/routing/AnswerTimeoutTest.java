package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.offers;
import static dev.switchboard.core.routing.Fixture.only;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.config.EscalationConfig;
import dev.switchboard.config.Percent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.routing.RoutingDecision.Offer;
import dev.switchboard.core.routing.RoutingDecision.Release;
import dev.switchboard.core.routing.RoutingDecision.ReleaseReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code routing.answerTimeout}, on a clock moved by hand. */
class AnswerTimeoutTest {

  private final Fixture f = new Fixture();

  private RoutingCore coreWithOneSeatEach(String... agents) {
    for (String a : agents) {
      f.agent(a, List.of(), List.of(), Map.of("chat", 1));
    }
    return f.core();
  }

  private Conversation queued(RoutingCore core, String tier) {
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier(tier), null, f.now());
    return c;
  }

  private Message message(Conversation c, Direction direction, String author) {
    return new Message(MessageId.random(), c.id(), direction, author, "hello", null, List.of(), null,
        DeliveryStatus.PENDING, null, f.now());
  }

  @Test
  void anAcceptedConversationWithNoReplyGoesBackToItsOriginalPlaceAndOnToSomeoneElse() {
    f.answerTimeout = Duration.ofMinutes(5);
    RoutingCore core = coreWithOneSeatEach("alice", "bob");
    core.agentConnected("alice", f.now());
    Conversation first = queued(core, "standard");
    f.advance(Duration.ofMinutes(1));
    Conversation second = queued(core, "standard");
    core.accept("alice", first.id(), f.now());
    f.advance(Duration.ofMinutes(1));
    Conversation third = queued(core, "standard");
    core.drainDecisions();

    f.advance(Duration.ofMinutes(4).minusSeconds(1));
    core.tick(f.now());
    assertThat(core.drainDecisions()).isEmpty();

    f.advance(Duration.ofSeconds(1)); // 5 minutes after the accept
    core.tick(f.now());
    List<RoutingDecision> d = core.drainDecisions();
    assertThat(only(Release.class, d)).extracting(Release::agent, r -> r.conversation().id(), Release::reason)
        .containsExactly(tuple("alice", first.id(), ReleaseReason.ANSWER_TIMEOUT));
    Conversation back = core.conversation(first.id());
    assertThat(back.status()).isEqualTo(ConversationStatus.QUEUED);
    assertThat(back.assignee()).isNull();
    assertThat(back.queuedAt()).isEqualTo(first.queuedAt());
    // alice is free again, but the one she left unanswered goes to others first: she gets the next one
    assertThat(offers(d)).extracting(Offer::agent, o -> o.conversation().id())
        .containsExactly(tuple("alice", second.id()));
    assertThat(core.queue()).extracting(QueueView.Entry::conversationId)
        .containsExactly(first.id(), second.id(), third.id());

    core.agentConnected("bob", f.now());
    assertThat(offers(core.drainDecisions())).extracting(Offer::agent, o -> o.conversation().id())
        .containsExactly(tuple("bob", first.id()));
  }

  @Test
  void theReturningConversationKeepsItsDeadlineAndEscalationsFallenDueWhileHeldApply() {
    f.answerTimeout = Duration.ofMinutes(10);
    f.strategy = dev.switchboard.config.RoutingConfig.Strategy.EARLIEST_DEADLINE;
    f.escalation = List.of(new EscalationConfig(new Percent(0.5), 1, false));
    RoutingCore core = coreWithOneSeatEach("alice");
    core.agentConnected("alice", f.now());
    Conversation c = queued(core, "standard"); // 15m target: promoted to vip at 7m30s
    core.accept("alice", c.id(), f.now());
    core.drainDecisions();

    f.advance(Duration.ofMinutes(10));
    core.tick(f.now());

    List<RoutingDecision> d = core.drainDecisions();
    assertThat(only(RoutingDecision.Escalate.class, d)).extracting(RoutingDecision.Escalate::toTier)
        .containsExactly("vip");
    assertThat(core.queue()).singleElement().satisfies(e -> {
      assertThat(e.tier()).isEqualTo("vip");
      assertThat(e.queuedAt()).isEqualTo(c.queuedAt());
      assertThat(e.deadline()).isEqualTo(c.queuedAt().plus(Duration.ofMinutes(2)));
    });
  }

  @Test
  void aReplyByTheAgentStopsTheTimeout() {
    f.answerTimeout = Duration.ofMinutes(5);
    RoutingCore core = coreWithOneSeatEach("alice");
    core.agentConnected("alice", f.now());
    Conversation c = queued(core, "standard");
    core.accept("alice", c.id(), f.now());
    f.advance(Duration.ofMinutes(4));
    core.messageAdded(c, message(c, Direction.OUT, "alice"), f.now());
    core.drainDecisions();

    f.advance(Duration.ofHours(1));
    core.tick(f.now());

    assertThat(only(Release.class, core.drainDecisions())).isEmpty();
    assertThat(core.conversation(c.id()).assignee()).isEqualTo("alice");
  }

  @Test
  void aNoteOrTheAutoReplyIsNotAnAnswer() {
    f.answerTimeout = Duration.ofMinutes(5);
    RoutingCore core = coreWithOneSeatEach("alice");
    core.agentConnected("alice", f.now());
    Conversation c = queued(core, "standard");
    core.accept("alice", c.id(), f.now());
    core.messageAdded(c, message(c, Direction.NOTE, "alice"), f.now());
    core.messageAdded(c, message(c, Direction.OUT, RoutingCore.SYSTEM_AUTHOR), f.now());
    core.drainDecisions();

    f.advance(Duration.ofMinutes(5));
    core.tick(f.now());

    assertThat(only(Release.class, core.drainDecisions())).extracting(Release::reason)
        .containsExactly(ReleaseReason.ANSWER_TIMEOUT);
  }

  @Test
  void aConversationResolvedOrTransferredBeforeTheTimeoutIsLeftAlone() {
    f.answerTimeout = Duration.ofMinutes(5);
    RoutingCore core = coreWithOneSeatEach("alice", "bob");
    core.agentConnected("alice", f.now());
    core.agentConnected("bob", f.now());
    Conversation resolved = queued(core, "standard");
    Conversation moved = queued(core, "standard");
    for (Offer o : offers(core.drainDecisions())) {
      core.accept(o.agent(), o.conversation().id(), f.now());
    }
    String holder = core.conversation(moved.id()).assignee();
    core.resolve(core.conversation(resolved.id()).assignee(), resolved.id(), f.now());
    core.transferToTier(holder, moved.id(), "vip", f.now());
    core.drainDecisions();

    f.advance(Duration.ofMinutes(30));
    core.tick(f.now());

    assertThat(only(Release.class, core.drainDecisions())).isEmpty();
  }

  @Test
  void offByDefault() {
    RoutingCore core = coreWithOneSeatEach("alice");
    core.agentConnected("alice", f.now());
    Conversation c = queued(core, "standard");
    core.accept("alice", c.id(), f.now());
    core.drainDecisions();

    f.advance(Duration.ofDays(2));
    core.tick(f.now());

    assertThat(only(Release.class, core.drainDecisions())).isEmpty();
  }

  @Test
  void aReloadThatSetsTheTimeoutAppliesToAcceptsFromThenOn() {
    RoutingCore core = coreWithOneSeatEach("alice", "bob");
    core.agentConnected("alice", f.now());
    core.agentConnected("bob", f.now());
    Conversation before = queued(core, "standard");
    Conversation after = queued(core, "standard");
    List<Offer> offers = offers(core.drainDecisions());
    Offer first = offers.stream().filter(o -> o.conversation().id().equals(before.id())).findFirst().orElseThrow();
    Offer second = offers.stream().filter(o -> o.conversation().id().equals(after.id())).findFirst().orElseThrow();
    core.accept(first.agent(), before.id(), f.now());
    f.answerTimeout = Duration.ofMinutes(5);
    core.reconfigure(f.policy(), f.now());
    core.accept(second.agent(), after.id(), f.now());
    core.drainDecisions();

    f.advance(Duration.ofMinutes(5));
    core.tick(f.now());

    assertThat(only(Release.class, core.drainDecisions())).extracting(r -> r.conversation().id())
        .containsExactly(after.id());
  }

  @Test
  void afterARestartTheTimeoutRunsFromTheLastStoredChange() {
    f.answerTimeout = Duration.ofMinutes(5);
    f.grace = Duration.ofHours(1);
    f.agent("alice");
    Instant acceptedAt = f.now();
    Conversation c = f.conversation(Channel.CHAT);
    Conversation held = Edit.of(c).status(ConversationStatus.ASSIGNED)
        .tier("standard").assignee("alice").at(acceptedAt);
    f.advance(Duration.ofMinutes(3)); // the gateway restarts 3 minutes after the accept
    RoutingCore core = f.core();
    core.restore(List.of(held), f.now());
    core.drainDecisions();

    f.advance(Duration.ofMinutes(2).minusSeconds(1));
    core.tick(f.now());
    assertThat(only(Release.class, core.drainDecisions())).isEmpty();

    f.advance(Duration.ofSeconds(1));
    core.tick(f.now());
    assertThat(only(Release.class, core.drainDecisions())).extracting(Release::reason)
        .containsExactly(ReleaseReason.ANSWER_TIMEOUT);
    assertThat(core.queue()).extracting(QueueView.Entry::conversationId).containsExactly(c.id());
  }

  @Test
  void aTimeoutIsCountedInMetricsPerTier() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Conversation c = Edit.of(f.conversation(Channel.CHAT)).tier("vip").at(f.now());

    new RoutingMetrics(meters).record(List.of(new Release("alice", c, ReleaseReason.ANSWER_TIMEOUT),
        new Release("alice", c, ReleaseReason.RESOLVED)), f.now());

    assertThat(meters.counter("switchboard.routing.answer.timeouts", "tier", "vip").count()).isEqualTo(1.0);
  }
}
