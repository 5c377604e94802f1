package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.only;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.routing.CommandResult.Refusal;
import dev.switchboard.core.routing.RoutingDecision.Assign;
import dev.switchboard.core.routing.RoutingDecision.AssignReason;
import dev.switchboard.core.routing.RoutingDecision.OfferRevoked;
import dev.switchboard.core.routing.RoutingDecision.RevokeReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupervisorAssignTest {

  private final Fixture f = new Fixture();

  private Conversation waiting(RoutingCore core, String offeredTo) {
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier("standard"), offeredTo, f.now());
    core.drainDecisions();
    core.drainChanged();
    return c;
  }

  private static Refusal refusal(CommandResult r) {
    assertThat(r).isInstanceOf(CommandResult.Refused.class);
    return ((CommandResult.Refused) r).code();
  }

  @Test
  void aSupervisorGivesAWaitingConversationToAnAgentAndItsOfferIsWithdrawn() {
    f.agent("alice").agent("bob").supervisor("sue");
    RoutingCore core = f.connectedCore();
    core.presence("sue", Presence.AWAY, f.now());
    core.presence("bob", Presence.AWAY, f.now());
    Conversation c = waiting(core, "alice");
    assertThat(core.queue()).singleElement().satisfies(e -> assertThat(e.offeredTo()).isEqualTo("alice"));

    CommandResult r = core.assignWaiting("sue", c.id(), "bob", f.now());

    assertThat(r).isInstanceOf(CommandResult.Done.class);
    var d = core.drainDecisions();
    assertThat(only(OfferRevoked.class, d)).containsExactly(new OfferRevoked("alice", c.id(), RevokeReason.WITHDRAWN));
    assertThat(only(Assign.class, d)).singleElement().satisfies(a -> {
      assertThat(a.agent()).isEqualTo("bob");
      assertThat(a.reason()).isEqualTo(AssignReason.ASSIGNED);
    });
    assertThat(core.conversation(c.id()).status()).isEqualTo(ConversationStatus.ASSIGNED);
    assertThat(core.queue()).isEmpty();
    assertThat(core.agents()).filteredOn(a -> a.id().equals("bob")).singleElement()
        .satisfies(a -> assertThat(a.load()).containsEntry("chat", 1));
    assertThat(core.agents()).filteredOn(a -> a.id().equals("alice")).singleElement()
        .satisfies(a -> assertThat(a.load()).containsEntry("chat", 0));
  }

  @Test
  void anAgentWhoIsOfferedTheConversationHasRoomForItEvenWhenTheOfferFillsThem() {
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1)).supervisor("sue");
    RoutingCore core = f.connectedCore();
    core.presence("sue", Presence.AWAY, f.now());
    Conversation c = waiting(core, "alice");

    assertThat(core.assignWaiting("sue", c.id(), "alice", f.now())).isInstanceOf(CommandResult.Done.class);
    assertThat(core.conversation(c.id()).assignee()).isEqualTo("alice");
  }

  @Test
  void refusalsNameTheRuleAndChangeNothing() {
    f.agent("alice").agent("full", List.of(), List.of(), Map.of("chat", 1)).agent("gone").supervisor("sue");
    RoutingCore core = f.connectedCore();
    core.presence("sue", Presence.AWAY, f.now());
    core.presence("alice", Presence.AWAY, f.now());
    core.agentDisconnected("gone", f.now());
    Conversation held = waiting(core, "full");
    core.accept("full", held.id(), f.now());
    Conversation c = waiting(core, null);

    assertThat(refusal(core.assignWaiting("alice", c.id(), "alice", f.now()))).isEqualTo(Refusal.FORBIDDEN);
    assertThat(refusal(core.assignWaiting("sue", held.id(), "alice", f.now()))).isEqualTo(Refusal.NOT_WAITING);
    assertThat(refusal(core.assignWaiting("sue", c.id(), "nobody", f.now()))).isEqualTo(Refusal.UNKNOWN_AGENT);
    assertThat(refusal(core.assignWaiting("sue", c.id(), "gone", f.now()))).isEqualTo(Refusal.AGENT_UNAVAILABLE);
    assertThat(refusal(core.assignWaiting("sue", c.id(), "full", f.now()))).isEqualTo(Refusal.AGENT_AT_CAPACITY);

    assertThat(core.drainChanged()).isEmpty();
    assertThat(core.queue()).extracting(QueueView.Entry::conversationId).containsExactly(c.id());
  }

  @Test
  void theAgentMustAnswerWithinTheAnswerTimeoutAsAfterAnAccept() {
    f.answerTimeout = Duration.ofMinutes(3);
    f.agent("alice").agent("bob").supervisor("sue");
    RoutingCore core = f.connectedCore();
    core.presence("sue", Presence.AWAY, f.now());
    core.presence("bob", Presence.AWAY, f.now());
    Conversation c = waiting(core, "alice");
    core.assignWaiting("sue", c.id(), "bob", f.now());
    core.drainDecisions();

    f.advance(Duration.ofMinutes(3));
    core.tick(f.now());

    assertThat(only(RoutingDecision.Release.class, core.drainDecisions())).singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo(RoutingDecision.ReleaseReason.ANSWER_TIMEOUT));
  }
}
