package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.offers;
import static dev.switchboard.core.routing.Fixture.only;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.routing.RoutingDecision.Offer;
import dev.switchboard.core.routing.RoutingDecision.QueuePlace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A waiting chat visitor's place in line and ETA, on a clock moved by hand. */
class QueuePlacesTest {

  private final Fixture f = new Fixture();

  private Conversation chat(RoutingCore core, String tier) {
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier(tier), null, f.now());
    f.advance(Duration.ofSeconds(1));
    return c;
  }

  private List<QueuePlace> places(RoutingCore core) {
    return only(QueuePlace.class, core.drainDecisions());
  }

  private List<QueuePlace> tickAfter(RoutingCore core, Duration d) {
    f.advance(d);
    core.tick(f.now());
    return places(core);
  }

  @Test
  void placeCountsTheChatsAheadInItsGroupAndInTheGroupsItsAgentsAlsoServe() {
    f.agent("alice", List.of("vip", "standard"), List.of(), Map.of("chat", 1, "email", 1))
        .agent("bob", List.of("basic"), List.of(), Map.of("chat", 1));
    RoutingCore core = f.core(); // nobody signed in: everything waits
    Conversation vip = chat(core, "vip");
    Conversation std1 = chat(core, "standard");
    Conversation basic = chat(core, "basic");
    core.enqueue(f.conversation(Channel.EMAIL), tier("vip"), null, f.now()); // uses alice's email seat, not chat
    Conversation std2 = chat(core, "standard");
    core.drainDecisions();

    core.watchPlace(std2.id(), true, f.now());
    core.watchPlace(basic.id(), true, f.now());
    core.watchPlace(vip.id(), true, f.now());

    // strict priority: alice takes the vip chat and std1 first; bob's basic work is not in front
    assertThat(places(core)).containsExactly(
        new QueuePlace(std2.id(), 3, Optional.empty()),
        new QueuePlace(basic.id(), 1, Optional.empty()),
        new QueuePlace(vip.id(), 1, Optional.empty()));
    assertThat(core.queue()).extracting(QueueView.Entry::conversationId).contains(std1.id());
  }

  @Test
  void etaIsThePlaceOverThePaceTheAvailableEligibleAgentsHaveBeenTakingChatsAt() {
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1)).agent("bob", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.connectedCore();
    for (int i = 0; i < 4; i++) { // one chat a minute, taken and resolved at once: takes at 1, 2, 3 and 4 min
      f.advance(Duration.ofSeconds(59));
      Conversation c = chat(core, "standard");
      String agent = offers(core.drainDecisions()).get(0).agent();
      core.accept(agent, c.id(), f.now());
      core.resolve(agent, c.id(), f.now());
    }
    f.advance(Duration.ofSeconds(59)); // 5 min: two chats keep both busy (takes 5 and 6)
    Conversation busy1 = f.conversation(Channel.CHAT);
    Conversation busy2 = f.conversation(Channel.CHAT);
    core.enqueue(busy1, tier("standard"), null, f.now());
    core.enqueue(busy2, tier("standard"), null, f.now());
    for (Offer o : offers(core.drainDecisions())) {
      core.accept(o.agent(), o.conversation().id(), f.now());
    }
    chat(core, "standard");
    chat(core, "standard");
    Conversation third = chat(core, "standard");
    core.drainDecisions();

    core.watchPlace(third.id(), true, f.now());

    // Offers alternate (least loaded, longest idle): alice took at 60, 180 and 299 s, bob at 120, 240 and
    // 299 s; now is 302 s. Paces 3/242 + 3/182 = 0.0289/s; place 3 → 104 s → rounded up, 2 minutes.
    assertThat(places(core)).containsExactly(new QueuePlace(third.id(), 3, Optional.of(Duration.ofMinutes(2))));

    core.presence("alice", Presence.AWAY, f.now());
    core.presence("bob", Presence.AWAY, f.now());
    assertThat(tickAfter(core, Duration.ofSeconds(1)))
        .as("no eligible agent available: the ETA is unknown, not a guess")
        .containsExactly(new QueuePlace(third.id(), 3, Optional.empty()));
  }

  @Test
  void aVisitorIsToldWhenThePlaceCrossesAStepNotAtEveryChange() {
    f.supervisor("sue"); // not signed in: resolves waiting chats from the admin side, takes none
    RoutingCore core = f.core();
    List<Conversation> line = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      line.add(chat(core, "standard"));
    }
    Conversation last = line.get(29);
    core.drainDecisions();
    core.watchPlace(last.id(), true, f.now());
    assertThat(places(core)).extracting(QueuePlace::position).containsExactly(30);

    List<Integer> told = new ArrayList<>();
    for (int i = 0; i < 29; i++) {
      core.resolve("sue", line.get(i).id(), f.now());
      tickAfter(core, Duration.ofSeconds(1)).forEach(p -> told.add(p.position()));
    }

    assertThat(told).containsExactly(25, 20, 15, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
  }

  @Test
  void aPlaceIsLookedAtMostOncePerSecond() {
    f.supervisor("sue");
    RoutingCore core = f.core();
    List<Conversation> line = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      line.add(chat(core, "standard"));
    }
    Conversation last = line.get(7);
    core.drainDecisions();
    core.watchPlace(last.id(), true, f.now());
    assertThat(places(core)).extracting(QueuePlace::position).containsExactly(8);

    List<QueuePlace> within = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // four leave the line within 800 ms, a tick after each
      core.resolve("sue", line.get(i).id(), f.now());
      within.addAll(tickAfter(core, Duration.ofMillis(200)));
    }
    assertThat(within).isEmpty();
    assertThat(tickAfter(core, Duration.ofMillis(200))).extracting(QueuePlace::position).containsExactly(4);
  }

  @Test
  void placesStopOnceAnAgentTakesTheChatAndStartAfreshWhenItComesBack() {
    f.agent("alice", List.of(), List.of(), Map.of("chat", 1));
    RoutingCore core = f.core();
    Conversation c = chat(core, "standard");
    Conversation unwatched = chat(core, "standard");
    core.drainDecisions();
    core.watchPlace(c.id(), true, f.now());
    assertThat(places(core)).containsExactly(new QueuePlace(c.id(), 1, Optional.empty()));

    core.agentConnected("alice", f.now());
    core.accept("alice", c.id(), f.now());
    core.drainDecisions();
    assertThat(tickAfter(core, Duration.ofSeconds(2))).isEmpty();

    core.transferToTier("alice", c.id(), "standard", f.now()); // back in line, behind the one waiting
    core.drainDecisions();
    // first again (its queue time), told afresh; alice's one take counts over the shortest span, 1 min
    assertThat(tickAfter(core, Duration.ofSeconds(1)))
        .containsExactly(new QueuePlace(c.id(), 1, Optional.of(Duration.ofMinutes(1))));
    assertThat(core.queue()).extracting(QueueView.Entry::conversationId).containsExactly(c.id(), unwatched.id());
    core.watchPlace(c.id(), false, f.now());
    core.resolve("alice", unwatched.id(), f.now());
    assertThat(tickAfter(core, Duration.ofSeconds(5))).as("nobody watches").isEmpty();
  }
  /**
   * The visitor's watch can reach the router before the conversation does: the chat is queued only after
   * the router read what its rules need, off its thread, while the watch goes straight in (on a cluster
   * the two cross from another node apart). The watch waits for the chat and the place goes out when it
   * is queued; a tick in between does not take the watch for a chat that was resolved.
   */
  @Test
  void aWatchThatComesBeforeItsChatIsAnsweredWhenTheChatIsQueued() {
    f.supervisor("sue"); // not signed in: resolves waiting chats from the admin side, takes none
    RoutingCore core = f.core();
    Conversation ahead = chat(core, "standard");
    Conversation c = f.conversation(Channel.CHAT);
    core.drainDecisions();

    core.watchPlace(c.id(), true, f.now());
    assertThat(places(core)).isEmpty();
    assertThat(tickAfter(core, Duration.ofSeconds(2))).isEmpty();

    core.enqueue(c, tier("standard"), null, f.now());
    assertThat(places(core)).containsExactly(new QueuePlace(c.id(), 2, Optional.empty()));

    core.resolve("sue", ahead.id(), f.now());
    assertThat(tickAfter(core, Duration.ofSeconds(1))).containsExactly(new QueuePlace(c.id(), 1, Optional.empty()));
  }
}
