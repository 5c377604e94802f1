package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.offers;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StickinessTest {

  private final Fixture f = new Fixture();

  @Test
  void aReturningContactGoesToTheirLastAgentEvenWhenOthersAreLessLoaded() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.connectedCore();
    Conversation busy = f.conversation(Channel.EMAIL);
    core.enqueue(busy, tier("standard"), "bob", f.now());
    core.accept("bob", busy.id(), f.now());
    core.drainDecisions();

    core.enqueue(f.conversation(Channel.CHAT), tier("standard"), "bob", f.now());

    assertThat(offers(core.drainDecisions())).extracting(RoutingDecision.Offer::agent).containsExactly("bob");
  }

  @Test
  void aStickyAgentWhoIsNotEligibleDoesNotHoldTheConversationBack() {
    f.agent("alice").agent("bob", List.of(), List.of(), Map.of("chat", 0));
    RoutingCore core = f.connectedCore();

    core.enqueue(f.conversation(Channel.CHAT), tier("standard"), "bob", f.now());

    assertThat(offers(core.drainDecisions())).extracting(RoutingDecision.Offer::agent).containsExactly("alice");
  }

  @Test
  void aStickyAgentWhoDeclinedIsNotOfferedItAgain() {
    f.agent("alice").agent("bob");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier("standard"), "bob", f.now());
    core.drainDecisions();

    core.decline("bob", c.id(), f.now());

    assertThat(offers(core.drainDecisions())).extracting(RoutingDecision.Offer::agent).containsExactly("alice");
  }
}
