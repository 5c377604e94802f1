package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.offers;
import static dev.switchboard.core.routing.Fixture.only;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.routing.RoutingDecision.Offer;
import dev.switchboard.core.routing.RoutingDecision.OfferRevoked;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfferTest {

  private final Fixture f = new Fixture();

  @Test
  void acceptAssignsTheConversationToTheAgent() {
    f.agent("alice");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.SMS);
    core.enqueue(c, tier("standard"), null, f.now());
    core.drainDecisions();

    CommandResult r = core.accept("alice", c.id(), f.now());

    assertThat(r).isInstanceOf(CommandResult.Done.class);
    Conversation held = ((CommandResult.Done) r).conversation();
    assertThat(held.status()).isEqualTo(ConversationStatus.ASSIGNED);
    assertThat(held.assignee()).isEqualTo("alice");
    assertThat(held.lastAgent()).isEqualTo("alice");
    assertThat(core.drainChanged()).last().isEqualTo(held);
    assertThat(core.queue()).isEmpty();
  }

  @Test
  void acceptOfAConversationNotOfferedToTheAgentIsRefusedAndChangesNothing() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.SMS);
    core.enqueue(c, tier("standard"), null, f.now());
    String offeredTo = offers(core.drainDecisions()).get(0).agent();
    String other = offeredTo.equals("alice") ? "bob" : "alice";
    core.drainChanged();

    CommandResult r = core.accept(other, c.id(), f.now());

    assertThat(r).isEqualTo(CommandResult.refused(CommandResult.Refusal.NOT_OFFERED, "conversation " + c.id() + " is not offered to you"));
    assertThat(core.drainChanged()).isEmpty();
    assertThat(core.queue()).singleElement().satisfies(e -> assertThat(e.offeredTo()).isEqualTo(offeredTo));
  }

  @Test
  void anExpiredOfferGoesBackToItsPlaceAndOnToTheNextAgent() {
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1)).agent("bob", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.core();
    core.agentConnected("alice", f.now());
    Conversation older = f.conversation(Channel.CHAT);
    core.enqueue(older, tier("standard"), null, f.now());
    f.advance(Duration.ofSeconds(5));
    Conversation newer = f.conversation(Channel.CHAT);
    core.enqueue(newer, tier("standard"), null, f.now());
    assertThat(offers(core.drainDecisions())).extracting(Offer::agent, o -> o.conversation().id())
        .containsExactly(tuple("alice", older.id()));

    f.advance(Duration.ofSeconds(24));
    core.tick(f.now());
    assertThat(core.drainDecisions()).isEmpty();

    f.advance(Duration.ofSeconds(1)); // 30s after the offer
    core.tick(f.now());
    List<RoutingDecision> d = core.drainDecisions();
    assertThat(only(OfferRevoked.class, d)).containsExactly(new OfferRevoked("alice", older.id(), RoutingDecision.RevokeReason.EXPIRED));
    // alice let the older one lapse, so she gets the newer one; the older one keeps first place
    assertThat(offers(d)).extracting(Offer::agent, o -> o.conversation().id()).containsExactly(tuple("alice", newer.id()));
    assertThat(core.queue()).extracting(QueueView.Entry::conversationId).containsExactly(older.id(), newer.id());

    core.agentConnected("bob", f.now());
    assertThat(offers(core.drainDecisions())).extracting(Offer::agent, o -> o.conversation().id())
        .containsExactly(tuple("bob", older.id()));
  }

  @Test
  void aDeclinedOfferGoesToAnotherAgentNeverBackToTheOneWhoDeclined() {
    f.agent("alice").agent("bob").agent("carol");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.EMAIL);
    core.enqueue(c, tier("standard"), null, f.now());
    String first = offers(core.drainDecisions()).get(0).agent();

    core.decline(first, c.id(), f.now());
    List<RoutingDecision> d = core.drainDecisions();
    assertThat(only(OfferRevoked.class, d)).containsExactly(new OfferRevoked(first, c.id(), RoutingDecision.RevokeReason.DECLINED));
    String second = offers(d).get(0).agent();
    assertThat(second).isNotEqualTo(first);

    core.decline(second, c.id(), f.now());
    String third = offers(core.drainDecisions()).get(0).agent();
    assertThat(third).isNotIn(first, second);
  }

  @Test
  void theOnlyEligibleAgentWhoDeclinedGetsItAgainAfterOneOfferTimeout() {
    f.agent("alice");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.EMAIL);
    core.enqueue(c, tier("standard"), null, f.now());
    core.drainDecisions();

    core.decline("alice", c.id(), f.now());
    assertThat(offers(core.drainDecisions())).isEmpty();

    f.advance(Duration.ofSeconds(29));
    core.tick(f.now());
    assertThat(offers(core.drainDecisions())).isEmpty();

    f.advance(Duration.ofSeconds(1));
    core.tick(f.now());
    assertThat(offers(core.drainDecisions())).extracting(Offer::agent).containsExactly("alice");
  }

  @Test
  void aDeclinedConversationKeepsItsPlaceAheadOfLaterOnes() {
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1)).agent("bob", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.core();
    core.agentConnected("alice", f.now());
    Conversation older = f.conversation(Channel.CHAT);
    core.enqueue(older, tier("standard"), null, f.now());
    f.advance(Duration.ofSeconds(1));
    Conversation newer = f.conversation(Channel.CHAT);
    core.enqueue(newer, tier("standard"), null, f.now());
    core.drainDecisions();

    core.decline("alice", older.id(), f.now());
    // alice now has room, and the newer one (which she has not declined) is offered to her
    assertThat(offers(core.drainDecisions())).extracting(o -> o.conversation().id()).containsExactly(newer.id());

    core.agentConnected("bob", f.now());
    assertThat(offers(core.drainDecisions())).extracting(Offer::agent, o -> o.conversation().id())
        .containsExactly(tuple("bob", older.id()));
    assertThat(core.queue().get(0).conversationId()).isEqualTo(older.id());
  }

  @Test
  void goingAwayWithdrawsOpenOffers() {
    f.agent("alice");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier("standard"), null, f.now());
    core.drainDecisions();

    core.presence("alice", Presence.AWAY, f.now());

    assertThat(only(OfferRevoked.class, core.drainDecisions()))
        .containsExactly(new OfferRevoked("alice", c.id(), RoutingDecision.RevokeReason.WITHDRAWN));
    assertThat(core.queue()).singleElement().satisfies(e -> assertThat(e.offeredTo()).isNull());
  }
}
