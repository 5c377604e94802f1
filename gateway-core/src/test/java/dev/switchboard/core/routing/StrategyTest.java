package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.offers;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.RoutingConfig.Strategy;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.routing.RoutingDecision.Offer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyTest {

  private final Fixture f = new Fixture();


  @Test
  void strictPriorityOffersVipBeforeOlderStandard() {
    f.strategy = Strategy.STRICT_PRIORITY;
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.core();
    Conversation standard = f.conversation(Channel.CHAT);
    core.enqueue(standard, tier("standard"), null, f.now());
    f.advance(Duration.ofMinutes(10));
    Conversation vip = f.conversation(Channel.CHAT);
    core.enqueue(vip, tier("vip"), null, f.now());
    core.drainDecisions();

    core.agentConnected("alice", f.now());

    assertThat(offers(core.drainDecisions())).extracting(o -> o.conversation().id()).containsExactly(vip.id());
  }

  @Test
  void strictPriorityIsFirstInFirstOutWithinATier() {
    f.strategy = Strategy.STRICT_PRIORITY;
    f.agent("alice", List.of(), List.of(), Map.of("chat", 3));
    RoutingCore core = f.core();
    Conversation first = f.conversation(Channel.CHAT);
    core.enqueue(first, tier("standard"), null, f.now());
    f.advance(Duration.ofSeconds(1));
    Conversation second = f.conversation(Channel.CHAT);
    core.enqueue(second, tier("standard"), null, f.now());
    f.advance(Duration.ofSeconds(1));
    Conversation basic = f.conversation(Channel.CHAT);
    core.enqueue(basic, tier("basic"), null, f.now());
    core.drainDecisions();

    core.agentConnected("alice", f.now());

    assertThat(offers(core.drainDecisions())).extracting(o -> o.conversation().id())
        .containsExactly(first.id(), second.id(), basic.id());
    assertThat(core.queue()).extracting(QueueView.Entry::conversationId)
        .containsExactly(first.id(), second.id(), basic.id());
  }

  @Test
  void earliestDeadlineOffersOldStandardBeforeNewVip() {
    f.strategy = Strategy.EARLIEST_DEADLINE;
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.core();
    Conversation standard = f.conversation(Channel.CHAT);     // deadline now + 15m
    core.enqueue(standard, tier("standard"), null, f.now());
    f.advance(Duration.ofMinutes(14));
    Conversation vip = f.conversation(Channel.CHAT);          // deadline now + 2m = 16m after the first
    core.enqueue(vip, tier("vip"), null, f.now());
    core.drainDecisions();

    core.agentConnected("alice", f.now());

    List<Offer> offers = offers(core.drainDecisions());
    assertThat(offers).extracting(o -> o.conversation().id()).containsExactly(standard.id());
  }

  @Test
  void earliestDeadlineStillPutsAFreshVipBeforeAFreshStandard() {
    f.strategy = Strategy.EARLIEST_DEADLINE;
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.core();
    Conversation standard = f.conversation(Channel.CHAT);
    core.enqueue(standard, tier("standard"), null, f.now());
    f.advance(Duration.ofMinutes(1));
    Conversation vip = f.conversation(Channel.CHAT);
    core.enqueue(vip, tier("vip"), null, f.now());

    assertThat(core.queue()).extracting(QueueView.Entry::conversationId).containsExactly(vip.id(), standard.id());
    assertThat(core.queue().get(0).deadline()).isEqualTo(f.now().plus(Duration.ofMinutes(2)));
  }

  @Test
  void saveableDeadlineOffersWorkThatCanStillMakeItsTargetBeforeLateWork() {
    f.strategy = Strategy.SAVEABLE_DEADLINE;
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.core();
    Conversation late = f.conversation(Channel.CHAT);          // standard: due after 15m
    core.enqueue(late, tier("standard"), null, f.now());
    f.advance(Duration.ofMinutes(16));
    core.tick(f.now());
    Conversation saveable = f.conversation(Channel.CHAT);      // standard, due 15m from now
    core.enqueue(saveable, tier("standard"), null, f.now());
    core.drainDecisions();

    core.agentConnected("alice", f.now());

    assertThat(offers(core.drainDecisions())).extracting(o -> o.conversation().id()).containsExactly(saveable.id());
  }

  @Test
  void saveableDeadlineRefilesAConversationAtItsDeadlineWithNoOtherEvent() {
    f.strategy = Strategy.SAVEABLE_DEADLINE;
    RoutingCore core = f.core();
    Conversation standard = f.conversation(Channel.EMAIL);     // due after 15m
    core.enqueue(standard, tier("standard"), null, f.now());
    f.advance(Duration.ofMinutes(1));
    Conversation basic = f.conversation(Channel.EMAIL);        // due after 4h
    core.enqueue(basic, tier("basic"), null, f.now());

    f.advance(Duration.ofMinutes(13));
    core.tick(f.now());
    assertThat(core.queue()).extracting(QueueView.Entry::conversationId).containsExactly(standard.id(), basic.id());

    f.advance(Duration.ofMinutes(1)); // the standard one's deadline: it becomes late
    core.tick(f.now());
    assertThat(core.queue()).extracting(QueueView.Entry::conversationId).containsExactly(basic.id(), standard.id());
  }

  @Test
  void saveableDeadlineKeepsTheTopTierFirstEvenWhenItIsLate() {
    f.strategy = Strategy.SAVEABLE_DEADLINE;
    RoutingCore core = f.core();
    Conversation vip = f.conversation(Channel.SMS);            // due after 2m
    core.enqueue(vip, tier("vip"), null, f.now());
    f.advance(Duration.ofMinutes(5));
    core.tick(f.now());
    Conversation standard = f.conversation(Channel.SMS);
    core.enqueue(standard, tier("standard"), null, f.now());

    assertThat(core.queue()).extracting(QueueView.Entry::conversationId).containsExactly(vip.id(), standard.id());
  }
}
