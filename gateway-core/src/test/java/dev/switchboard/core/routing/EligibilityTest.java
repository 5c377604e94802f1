package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.offers;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EligibilityTest {

  private final Fixture f = new Fixture();

  @Test
  void offersOnlyToAnAgentWithTheRequiredSkills() {
    f.agent("alice", List.of(), List.of(), Map.of("sms", 5));
    f.agent("bob", List.of(), List.of("incident"), Map.of("sms", 5));
    RoutingCore core = f.connectedCore();

    core.enqueue(f.conversation(Channel.SMS), tier("vip", "incident"), null, f.now());

    assertThat(offers(core.drainDecisions())).extracting(RoutingDecision.Offer::agent).containsExactly("bob");
  }

  @Test
  void offersOnlyToAnAgentWhoServesTheTier() {
    f.agent("alice", List.of("basic"), List.of(), Map.of("sms", 5));
    f.agent("bob", List.of("vip", "standard"), List.of(), Map.of("sms", 5));
    RoutingCore core = f.connectedCore();

    core.enqueue(f.conversation(Channel.SMS), tier("vip"), null, f.now());

    assertThat(offers(core.drainDecisions())).extracting(RoutingDecision.Offer::agent).containsExactly("bob");
  }

  @Test
  void waitsWhenTheOnlyAgentIsAtCapacityOnThatChannel() {
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1, "email", 5));
    RoutingCore core = f.connectedCore();
    Conversation first = f.conversation(Channel.CHAT);
    core.enqueue(first, tier("standard"), null, f.now());
    core.accept("alice", first.id(), f.now());
    core.drainDecisions();

    Conversation secondChat = f.conversation(Channel.CHAT);
    core.enqueue(secondChat, tier("standard"), null, f.now());
    assertThat(offers(core.drainDecisions())).isEmpty();

    Conversation mail = f.conversation(Channel.EMAIL);
    core.enqueue(mail, tier("standard"), null, f.now());
    assertThat(offers(core.drainDecisions())).extracting(o -> o.conversation().id()).containsExactly(mail.id());

    core.resolve("alice", first.id(), f.now());
    assertThat(offers(core.drainDecisions())).extracting(o -> o.conversation().id()).containsExactly(secondChat.id());
  }

  @Test
  void anOpenOfferReservesCapacity() {
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.connectedCore();
    core.enqueue(f.conversation(Channel.CHAT), tier("standard"), null, f.now());
    core.enqueue(f.conversation(Channel.CHAT), tier("standard"), null, f.now());

    assertThat(offers(core.drainDecisions())).hasSize(1);
  }

  @Test
  void awayAndDisconnectedAgentsGetNoOffers() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.connectedCore();
    core.presence("alice", Presence.AWAY, f.now());
    core.agentDisconnected("bob", f.now());

    core.enqueue(f.conversation(Channel.CHAT), tier("standard"), null, f.now());
    assertThat(offers(core.drainDecisions())).isEmpty();

    core.presence("alice", Presence.AVAILABLE, f.now());
    assertThat(offers(core.drainDecisions())).extracting(RoutingDecision.Offer::agent).containsExactly("alice");
  }

  @Test
  void picksTheLeastLoadedAgent() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.connectedCore();
    Conversation first = f.conversation(Channel.CHAT);
    core.enqueue(first, tier("standard"), null, f.now());
    String firstAgent = offers(core.drainDecisions()).get(0).agent();

    core.enqueue(f.conversation(Channel.CHAT), tier("standard"), null, f.now());

    assertThat(offers(core.drainDecisions())).extracting(RoutingDecision.Offer::agent)
        .containsExactly(firstAgent.equals("alice") ? "bob" : "alice");
  }

  @Test
  void amongEquallyLoadedAgentsPicksTheLongestIdle() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.core();
    core.agentConnected("bob", f.now());
    f.advance(Duration.ofMinutes(5));
    core.agentConnected("alice", f.now());
    core.drainDecisions();

    core.enqueue(f.conversation(Channel.CHAT), tier("standard"), null, f.now());

    assertThat(offers(core.drainDecisions())).extracting(RoutingDecision.Offer::agent).containsExactly("bob");
  }

  @Test
  void skipsWorkNoOneCanTakeAndOffersWhatCanBeTaken() {
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.connectedCore();
    Conversation needsSkill = f.conversation(Channel.CHAT);
    core.enqueue(needsSkill, tier("vip", "french"), null, f.now());
    Conversation plain = f.conversation(Channel.CHAT);
    core.enqueue(plain, tier("basic"), null, f.now());

    assertThat(offers(core.drainDecisions())).extracting(o -> o.conversation().id()).containsExactly(plain.id());
  }
}
