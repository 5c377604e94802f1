package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.offers;
import static dev.switchboard.core.routing.Fixture.only;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.EscalationConfig;
import dev.switchboard.config.Percent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.routing.RoutingDecision.Release;
import dev.switchboard.core.routing.RoutingDecision.SlaBreach;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreTest {

  private final Fixture f = new Fixture();

  @Test
  void rebuildsTheQueueAssignmentsAndTimersFromSavedConversations() {
    f.agent("alice").agent("bob");
    f.escalation = List.of(new EscalationConfig(Percent.parse("50%"), 1, false));
    RoutingCore before = f.connectedCore();
    Conversation held = f.conversation(Channel.CHAT);
    before.enqueue(held, tier("standard"), null, f.now());
    before.accept(before.queue().get(0).offeredTo(), held.id(), f.now());
    String holder = before.conversation(held.id()).assignee();
    Conversation waitingVip = f.conversation(Channel.EMAIL);
    Conversation waitingBasic = f.conversation(Channel.EMAIL);
    before.agentDisconnected("alice", f.now());
    before.agentDisconnected("bob", f.now());
    before.enqueue(waitingBasic, tier("basic"), null, f.now());
    before.enqueue(waitingVip, tier("vip"), null, f.now());
    List<Conversation> saved = new ArrayList<>(before.drainChanged()); // what the store holds: last write wins
    List<Conversation> store = saved.stream().map(c -> before.conversation(c.id())).distinct().toList();

    f.advance(Duration.ofSeconds(10)); // the restart
    RoutingCore after = f.core();
    List<Conversation> unclassified = after.restore(store, f.now());

    assertThat(unclassified).isEmpty();
    assertThat(after.queue()).extracting(QueueView.Entry::conversationId)
        .containsExactly(waitingVip.id(), waitingBasic.id());
    assertThat(after.conversation(held.id()).assignee()).isEqualTo(holder);
    assertThat(after.agents()).filteredOn(a -> a.id().equals(holder)).singleElement()
        .satisfies(a -> assertThat(a.conversations()).containsExactly(held.id()));

    // the holder reconnects within the grace period and keeps it; the other agent gets the waiting vip
    String other = holder.equals("alice") ? "bob" : "alice";
    after.agentConnected(other, f.now());
    assertThat(offers(after.drainDecisions())).extracting(o -> o.conversation().id()).contains(waitingVip.id());
    after.agentConnected(holder, f.now());
    f.advance(Duration.ofMinutes(5));
    after.tick(f.now());
    assertThat(only(Release.class, after.drainDecisions())).isEmpty();

    // the basic one escalates on the restored timer (50% of 4h)
    f.advance(Duration.ofHours(2));
    after.tick(f.now());
    assertThat(after.conversation(waitingBasic.id()).tier()).isEqualTo("standard");
  }

  @Test
  void anAssigneeWhoDoesNotReturnAfterARestartLosesTheConversationAfterTheGracePeriod() {
    f.agent("alice").agent("bob");
    RoutingCore before = f.connectedCore();
    Conversation c = f.conversation(Channel.SMS);
    before.enqueue(c, tier("standard"), "alice", f.now());
    before.accept("alice", c.id(), f.now());

    RoutingCore after = f.core();
    after.restore(List.of(before.conversation(c.id())), f.now());
    after.agentConnected("bob", f.now());
    after.drainDecisions();
    f.advance(Duration.ofMinutes(2));
    after.tick(f.now());

    var d = after.drainDecisions();
    assertThat(only(Release.class, d)).extracting(Release::agent).containsExactly("alice");
    assertThat(offers(d)).extracting(RoutingDecision.Offer::agent).containsExactly("bob");
  }

  @Test
  void conversationsWithoutATierComeBackForClassification() {
    RoutingCore core = f.core();
    Conversation unrouted = f.conversation(Channel.EMAIL);

    assertThat(core.restore(List.of(unrouted), f.now())).containsExactly(unrouted);
    assertThat(core.queue()).isEmpty();
  }

  @Test
  void aBreachReportedBeforeARestartIsNotReportedAgainAfterIt() {
    f.agent("alice");
    RoutingCore before = f.core();
    Conversation c = f.conversation(Channel.SMS);
    before.enqueue(c, tier("vip"), null, f.now());
    f.advance(Duration.ofMinutes(3));
    before.tick(f.now());
    assertThat(only(SlaBreach.class, before.drainDecisions())).hasSize(1);

    f.advance(Duration.ofSeconds(10)); // the restart
    RoutingCore after = f.core();
    after.restore(List.of(before.conversation(c.id())), f.now());
    after.tick(f.now());

    assertThat(only(SlaBreach.class, after.drainDecisions())).isEmpty();
    assertThat(after.queue()).extracting(QueueView.Entry::conversationId).containsExactly(c.id());
  }

  @Test
  void aTargetStillAheadAtTheRestartIsReportedOnceWhenItPasses() {
    RoutingCore before = f.core();
    Conversation c = f.conversation(Channel.SMS);
    before.enqueue(c, tier("vip"), null, f.now());
    f.advance(Duration.ofMinutes(1));
    RoutingCore after = f.core();
    after.restore(List.of(before.conversation(c.id())), f.now());
    after.restore(List.of(before.conversation(c.id())), f.now()); // a repeated read arms nothing twice

    f.advance(Duration.ofMinutes(2));
    after.tick(f.now());

    assertThat(only(SlaBreach.class, after.drainDecisions())).singleElement()
        .satisfies(b -> assertThat(b.due()).isEqualTo(c.queuedAt().plus(Duration.ofMinutes(2))));
  }
}
