package dev.switchboard.core.routing;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.IndexedMatching.Eligibility;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each waiting chat's place in line and an ETA, for the visitors who are watching (a chat connection is
 * open): looked at when the watch starts and then at most once per {@link #EVERY}, and emitted as a
 * {@link RoutingDecision.QueuePlace} only when the position or the ETA moved by a step
 * ({@link PlaceSteps}). Nothing is computed for conversations nobody watches.
 *
 * <p>The place is 1 + the waiting chats (offered or not) that go before this one, by queue key, in
 * its own eligibility group and in every other group that an agent who can take this one also serves:
 * those agents will take that work first. The ETA is that place over the measured rate at which the
 * available agents who can take it have been taking chats ({@link DeskThroughput}); unknown when none
 * of them is available or none has taken a chat lately.
 */
final class QueuePlaces {

  /** The shortest time between two looks at one conversation's place. */
  static final Duration EVERY = Duration.ofSeconds(1);

  /**
   * One watched conversation: when it may be looked at next, what the visitor was last told, and whether
   * the router has held the conversation since the watch began.
   */
  private static final class Watch {
    Instant nextAt;
    boolean told;
    boolean held;
    int positionStep;
    long etaStep;

    Watch(Instant now) {
      nextAt = now;
    }
  }

  /** Who can take a group's chats: their groups and their rate, worked out once per look. */
  private record Desk(List<Eligibility> groups, boolean anyoneAvailable, double perSecond) {}

  private final WaitingQueue queue;
  private final Seats seats;
  private final Effects effects;
  private final DeskThroughput throughput = new DeskThroughput();
  private final Map<ConversationId, Watch> watched = new HashMap<>();
  /**
   * The desks as of {@link #desksAt}, kept for one {@link #EVERY}: working one out walks every agent, and
   * a burst of visitors connecting would otherwise pay that walk each. Places stay exact (the counts are
   * fresh, and the desks are worked out again when a group appears or empties); a desk's pace and
   * availability lag by at most a second, and so do its agents after a reload.
   */
  private final Map<Eligibility, Desk> desks = new HashMap<>();
  private Instant desksAt = Instant.MIN;
  private long desksGroupsVersion = -1;

  QueuePlaces(WaitingQueue queue, Seats seats, Effects effects) {
    this.queue = queue;
    this.seats = seats;
    this.effects = effects;
  }

  /** A visitor started (or stopped) watching the conversation: the first place goes out at once. */
  void watch(ConversationId id, boolean on, Instant now) {
    if (!on) {
      watched.remove(id);
    } else if (!watched.containsKey(id)) {
      Watch w = new Watch(now);
      watched.put(id, w);
      look(id, w, now);
    }
  }

  /**
   * A chat was queued: a watch that came before it (the router queues a chat only after reading what its
   * rules need, off its thread, and on a cluster the watch crosses from another node apart) is answered
   * now, not at the next look.
   */
  void queued(ConversationId id, Instant now) {
    Watch w = watched.get(id);
    if (w != null && !w.told) {
      look(id, w, now);
    }
  }

  /** An agent accepted an offer: the desk's measured pace. */
  void taken(String agent, Channel channel, Instant now) {
    if (channel == Channel.CHAT) {
      throughput.taken(agent, now);
    }
  }

  /**
   * Looks again at every watched conversation whose last look is {@link #EVERY} old. A watch on a chat the
   * router has not held yet stays (the chat may still be on its way in) until the visitor stops watching.
   */
  void tick(Instant now) {
    if (watched.isEmpty()) {
      return;
    }
    for (Iterator<Map.Entry<ConversationId, Watch>> it = watched.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<ConversationId, Watch> e = it.next();
      Watch w = e.getValue();
      if (!effects.isOpen(e.getKey())) {
        if (w.held) {
          it.remove(); // resolved: nothing left to wait for
        }
        continue; // never held: the chat may still be on its way in
      }
      w.held = true;
      if (!now.isBefore(w.nextAt)) {
        look(e.getKey(), w, now);
      }
    }
  }

  private void look(ConversationId id, Watch w, Instant now) {
    w.nextAt = now.plus(EVERY);
    Waiting x = queue.get(id);
    if (x == null || x.channel != Channel.CHAT) {
      w.told = false; // assigned (or not queued yet): tell afresh if it comes back
      return;
    }
    Eligibility own = Eligibility.of(x);
    long version = queue.ranks().groupsVersion();
    if (version != desksGroupsVersion || !now.isBefore(desksAt.plus(EVERY)) || now.isBefore(desksAt)) {
      desks.clear();
      desksAt = now;
      desksGroupsVersion = version;
    }
    Desk desk = desks.computeIfAbsent(own, g -> desk(g, now));
    int position = 1;
    for (Eligibility g : desk.groups()) {
      position += queue.ranks().countBefore(g, x.key);
    }
    Optional<Duration> eta = desk.anyoneAvailable() && desk.perSecond() > 0
        ? Optional.of(PlaceSteps.eta(Duration.ofMillis(Math.round(position / desk.perSecond() * 1000))))
        : Optional.empty();
    int positionStep = PlaceSteps.position(position);
    long etaStep = eta.map(Duration::toSeconds).orElse(-1L);
    if (!w.told || positionStep != w.positionStep || etaStep != w.etaStep) {
      w.told = true;
      w.positionStep = positionStep;
      w.etaStep = etaStep;
      effects.emit(new RoutingDecision.QueuePlace(id, position, eta));
    }
  }

  /** The groups served by the agents who can take {@code own}'s chats, and those agents' pace. */
  private Desk desk(Eligibility own, Instant now) {
    List<AgentSeat> agents = new ArrayList<>();
    for (AgentSeat s : seats.all()) {
      if (s.capacity(Channel.CHAT) > 0 && own.admits(s)) {
        agents.add(s);
      }
    }
    List<Eligibility> groups = new ArrayList<>();
    groups.add(own);
    for (Eligibility g : queue.ranks().groups()) {
      if (!g.equals(own) && agents.stream().anyMatch(g::admits)) {
        groups.add(g);
      }
    }
    boolean available = false;
    double perSecond = 0;
    for (AgentSeat s : agents) {
      if (s.available()) {
        available = true;
        perSecond += throughput.perSecond(s.id(), now);
      }
    }
    return new Desk(groups, available, perSecond);
  }
}
