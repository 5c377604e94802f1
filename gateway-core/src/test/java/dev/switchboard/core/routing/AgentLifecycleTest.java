package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.offers;
import static dev.switchboard.core.routing.Fixture.only;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.routing.RoutingDecision.OfferRevoked;
import dev.switchboard.core.routing.RoutingDecision.Release;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentLifecycleTest {

  private final Fixture f = new Fixture();

  private Conversation assignedTo(RoutingCore core, String agent) {
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier("standard"), agent, f.now());
    core.accept(agent, c.id(), f.now());
    core.drainDecisions();
    return c;
  }

  @Test
  void anAgentWhoReconnectsWithinTheGracePeriodKeepsTheirConversations() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.connectedCore();
    Conversation c = assignedTo(core, "alice");

    core.agentDisconnected("alice", f.now());
    f.advance(Duration.ofSeconds(119));
    core.tick(f.now());
    core.agentConnected("alice", f.now());
    f.advance(Duration.ofMinutes(5));
    core.tick(f.now());

    assertThat(core.drainDecisions()).noneMatch(d -> d instanceof Release);
    assertThat(core.conversation(c.id()).assignee()).isEqualTo("alice");
  }

  @Test
  void afterTheGracePeriodTheirConversationsAreRequeuedAndOfferedToOthers() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.connectedCore();
    Conversation c = assignedTo(core, "alice");

    core.agentDisconnected("alice", f.now());
    f.advance(Duration.ofMinutes(2));
    core.tick(f.now());

    var d = core.drainDecisions();
    assertThat(only(Release.class, d)).singleElement().satisfies(r -> {
      assertThat(r.agent()).isEqualTo("alice");
      assertThat(r.reason()).isEqualTo(RoutingDecision.ReleaseReason.DISCONNECT_GRACE_EXPIRED);
    });
    assertThat(offers(d)).extracting(RoutingDecision.Offer::agent).containsExactly("bob");
    assertThat(core.conversation(c.id()).status()).isEqualTo(ConversationStatus.QUEUED);
    assertThat(core.conversation(c.id()).assignee()).isNull();
  }

  @Test
  void disconnectingRevokesOpenOffersAtOnce() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.core();
    core.agentConnected("alice", f.now());
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier("standard"), null, f.now());
    core.drainDecisions();
    core.agentConnected("bob", f.now());

    core.agentDisconnected("alice", f.now());

    var d = core.drainDecisions();
    assertThat(only(OfferRevoked.class, d)).containsExactly(new OfferRevoked("alice", c.id(), RoutingDecision.RevokeReason.DISCONNECTED));
    assertThat(offers(d)).extracting(RoutingDecision.Offer::agent).containsExactly("bob");
  }

  @Test
  void onlyTheAssigneeOrASupervisorMayWriteResolveOrTransfer() {
    f.agent("alice").agent("bob").supervisor("sue");
    RoutingCore core = f.connectedCore();
    Conversation c = assignedTo(core, "alice");
    core.drainChanged();

    assertThat(core.mayWrite("alice", c.id())).isTrue();
    assertThat(core.mayWrite("bob", c.id())).isFalse();
    assertThat(core.mayWrite("sue", c.id())).isTrue();
    assertThat(core.resolve("bob", c.id(), f.now())).isInstanceOf(CommandResult.Refused.class);
    assertThat(core.transferToAgent("bob", c.id(), "bob", f.now())).isInstanceOf(CommandResult.Refused.class);
    assertThat(core.drainChanged()).isEmpty();
    assertThat(core.conversation(c.id()).assignee()).isEqualTo("alice");
  }

  @Test
  void transferToAnAgentMovesTheConversationAndItsWriteRight() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.connectedCore();
    Conversation c = assignedTo(core, "alice");

    CommandResult r = core.transferToAgent("alice", c.id(), "bob", f.now());

    assertThat(((CommandResult.Done) r).conversation().assignee()).isEqualTo("bob");
    assertThat(core.mayWrite("bob", c.id())).isTrue();
    assertThat(core.mayWrite("alice", c.id())).isFalse();
    assertThat(core.agents()).filteredOn(a -> a.id().equals("alice")).singleElement()
        .satisfies(a -> assertThat(a.conversations()).isEmpty());
  }

  @Test
  void transferToATierRequeuesItForSomeoneElse() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.connectedCore();
    Conversation c = assignedTo(core, "alice");

    core.transferToTier("alice", c.id(), "vip", f.now());

    var d = core.drainDecisions();
    assertThat(offers(d)).singleElement().satisfies(o -> {
      assertThat(o.agent()).isEqualTo("bob");
      assertThat(o.conversation().tier()).isEqualTo("vip");
    });
  }

  @Test
  void resolvingFreesCapacityAndRemembersTheLastAgent() {
    f.agent("alice");
    RoutingCore core = f.connectedCore();
    Conversation c = assignedTo(core, "alice");

    CommandResult r = core.resolve("alice", c.id(), f.now());

    Conversation resolved = ((CommandResult.Done) r).conversation();
    assertThat(resolved.status()).isEqualTo(ConversationStatus.RESOLVED);
    assertThat(resolved.assignee()).isNull();
    assertThat(resolved.lastAgent()).isEqualTo("alice");
    assertThat(core.agents().get(0).load()).containsEntry("chat", 0);
  }

  @Test
  void anAgentWhoMayNotWriteGetsTheSameRefusalForOpenClosedAndUnknownIds() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.connectedCore();
    Conversation open = assignedTo(core, "alice");
    Conversation closed = assignedTo(core, "alice");
    core.resolve("alice", closed.id(), f.now());

    List<CommandResult> answers = List.of(
        core.resolve("bob", open.id(), f.now()),
        core.resolve("bob", closed.id(), f.now()),
        core.resolve("bob", dev.switchboard.core.model.ConversationId.random(), f.now()),
        core.transferToTier("bob", closed.id(), "vip", f.now()),
        core.transferToAgent("bob", open.id(), "bob", f.now()));

    assertThat(answers).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(CommandResult.Refused.class,
        refused -> assertThat(refused.code()).isEqualTo(CommandResult.Refusal.FORBIDDEN)));
  }

  @Test
  void theAgentStateForReadyCarriesTheRealPresenceHeldWorkAndOffers() {
    f.agent("alice", java.util.List.of(), java.util.List.of(), java.util.Map.of("chat", 2));
    RoutingCore core = f.connectedCore();
    Conversation held = assignedTo(core, "alice");
    Conversation offered = f.conversation(Channel.CHAT);
    core.enqueue(offered, tier("standard"), null, f.now());
    core.presence("alice", Presence.AWAY, f.now());
    core.agentDisconnected("alice", f.now());
    core.agentConnected("alice", f.now());

    AgentState away = core.agentState("alice");
    assertThat(away.presence()).isEqualTo(Presence.AWAY);
    assertThat(away.conversations()).extracting(Conversation::id).containsExactly(held.id());
    assertThat(away.offers()).isEmpty();

    core.presence("alice", Presence.AVAILABLE, f.now());
    AgentState back = core.agentState("alice");
    assertThat(back.presence()).isEqualTo(Presence.AVAILABLE);
    assertThat(back.offers()).extracting(o -> o.conversation().id()).containsExactly(offered.id());
  }
}
