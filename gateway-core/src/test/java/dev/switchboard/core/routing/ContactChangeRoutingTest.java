package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.offers;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A merge moved conversations to another contact: the router's copies follow, and the merged contact's recent agent becomes sticky. */
class ContactChangeRoutingTest {

  private final Fixture f = new Fixture();

  @Test
  void aWaitingConversationTakesTheMergedContactAndItsRecentAgent() {
    f.agent("alice").agent("bob").agent("carol");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier("standard"), null, f.now());
    String first = offers(core.drainDecisions()).get(0).agent();
    List<String> others = Stream.of("alice", "bob", "carol").filter(a -> !a.equals(first)).sorted().toList();
    String sticky = others.get(1); // the one the default order would not choose next
    ContactId merged = ContactId.random();

    core.contactChanged(List.of(c.withContactId(merged)), sticky, f.now());
    core.decline(first, c.id(), f.now());

    assertThat(core.conversation(c.id()).contactId()).isEqualTo(merged);
    assertThat(offers(core.drainDecisions())).extracting(RoutingDecision.Offer::agent).containsExactly(sticky);
  }

  @Test
  void withNoRecentAgentTheWaitingConversationKeepsItsChoiceAndNothingIsSaved() {
    f.agent("alice");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier("standard"), null, f.now());
    core.accept("alice", c.id(), f.now());
    core.drainDecisions();
    core.drainChanged();
    ContactId merged = ContactId.random();

    core.contactChanged(List.of(c.withContactId(merged)), null, f.now());

    assertThat(core.conversation(c.id()).contactId()).isEqualTo(merged);
    assertThat(core.conversation(c.id()).assignee()).isEqualTo("alice");
    assertThat(core.drainChanged()).isEmpty(); // the store moved it already
  }
}
