package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The matching as an index, so a decision costs O(log n) instead of a sort of the queue and a scan of
 * every agent. Waiting work is filed in groups by {@link Eligibility} (channel, tier and skills, or
 * widened), each ordered by the strategy's key; each group also holds the agents who may take its work
 * now (available, room on the channel, admitted), ordered least loaded, longest idle, id. A dispatch
 * merges the heads of the groups that have such an agent, so it visits only work someone can take:
 * a conversation nobody can take never blocks the others, and groups with no free agent cost nothing.
 * Within a pass a group's agents only leave (each offer adds load), so a group with none is dropped
 * for the rest of the pass, which is why the offers equal those of the whole-queue scan, in order.
 */
final class IndexedMatching implements Matching {

  /** A seat's place among the agents of a group, as of its last change: least loaded, longest idle, id. */
  private record SeatKey(int load, Instant idleSince, String agent) implements Comparable<SeatKey> {
    @Override
    public int compareTo(SeatKey o) {
      int c = Integer.compare(load, o.load);
      if (c == 0) {
        c = idleSince.compareTo(o.idleSince);
      }
      return c != 0 ? c : agent.compareTo(o.agent);
    }
  }

  /** Who may take a conversation, declines aside: the key of a group. */
  sealed interface Eligibility {
    Channel channel();

    boolean admits(AgentSeat s);

    static Eligibility of(Waiting w) {
      return w.widened ? new Widened(w.channel) : new Narrow(w.channel, w.tier, Set.copyOf(w.skills));
    }
  }

  /** Agents who serve the tier and have every skill. */
  record Narrow(Channel channel, String tier, Set<String> skills) implements Eligibility {
    Narrow {
      requireNonNull(channel, "channel");
      requireNonNull(skills, "skills");
    }

    @Override
    public boolean admits(AgentSeat s) {
      return s.serves(tier) && s.config().skills().containsAll(skills);
    }
  }

  /** Escalated work any agent may take, whatever their tiers and skills. */
  record Widened(Channel channel) implements Eligibility {
    Widened {
      requireNonNull(channel, "channel");
    }

    @Override
    public boolean admits(AgentSeat s) {
      return true;
    }
  }

  private static final class Group {
    final Eligibility eligibility;
    final TreeSet<Waiting> waiting = new TreeSet<>((a, b) -> a.key.compareTo(b.key));
    final TreeMap<SeatKey, AgentSeat> agents = new TreeMap<>();

    Group(Eligibility eligibility) {
      this.eligibility = eligibility;
    }

    boolean takes(AgentSeat s) {
      return s.available() && s.hasRoom(eligibility.channel()) && eligibility.admits(s);
    }
  }

  /** A group's next conversation to consider in the pass. */
  private static final class Cursor {
    final Group group;
    Waiting head;

    Cursor(Group group, Waiting head) {
      this.group = group;
      this.head = head;
    }
  }

  private final Map<Eligibility, Group> groups = new HashMap<>();
  private final Map<ConversationId, Group> filedIn = new HashMap<>();
  private final Map<String, AgentSeat> seats = new HashMap<>();
  private final Map<String, SeatKey> seatKeys = new HashMap<>();

  @Override
  public void file(Waiting w) {
    Group g = groups.computeIfAbsent(Eligibility.of(w), this::newGroup);
    g.waiting.add(w);
    filedIn.put(w.id, g);
  }

  @Override
  public void unfile(Waiting w) {
    Group g = filedIn.remove(w.id);
    if (g != null) {
      g.waiting.remove(w);
    }
  }

  @Override
  public void seatChanged(AgentSeat s) {
    seats.put(s.id(), s);
    SeatKey old = seatKeys.get(s.id());
    SeatKey key = new SeatKey(s.totalLoad(), s.idleSince(), s.id());
    seatKeys.put(s.id(), key);
    for (Group g : groups.values()) {
      if (old != null) {
        g.agents.remove(old);
      }
      if (g.takes(s)) {
        g.agents.put(key, s);
      }
    }
  }

  @Override
  public void seatRemoved(AgentSeat s) {
    seats.remove(s.id());
    SeatKey old = seatKeys.remove(s.id());
    if (old != null) {
      groups.values().forEach(g -> g.agents.remove(old));
    }
  }

  @Override
  public void dispatch(Instant now, Duration offerTimeout, Offers offers) {
    PriorityQueue<Cursor> heads = new PriorityQueue<>((a, b) -> a.head.key.compareTo(b.head.key));
    for (Group g : groups.values()) {
      if (!g.agents.isEmpty() && !g.waiting.isEmpty()) {
        heads.add(new Cursor(g, g.waiting.first()));
      }
    }
    while (!heads.isEmpty()) {
      Cursor c = heads.poll();
      if (c.group.agents.isEmpty()) {
        continue; // its last free agent took other work in this pass
      }
      Waiting w = c.head;
      Waiting next = c.group.waiting.higher(w);
      AgentSeat s = pick(w, c.group, now, offerTimeout);
      if (s != null) {
        offers.offer(w, s);
      }
      if (next != null) {
        c.head = next;
        heads.add(c);
      }
    }
  }

  /** The sticky agent, else the first fresh agent in choice order, else the first whose decline has cooled down. */
  private AgentSeat pick(Waiting w, Group g, Instant now, Duration offerTimeout) {
    if (w.sticky != null && !w.declinedBy.containsKey(w.sticky)) {
      SeatKey k = seatKeys.get(w.sticky);
      AgentSeat sticky = k == null ? null : g.agents.get(k);
      if (sticky != null) {
        return sticky;
      }
    }
    if (w.declinedBy.isEmpty()) {
      return g.agents.firstEntry().getValue();
    }
    AgentSeat cooled = null;
    for (AgentSeat s : g.agents.values()) {
      Instant declined = w.declinedBy.get(s.id());
      if (declined == null) {
        return s;
      }
      if (cooled == null && !now.isBefore(declined.plus(offerTimeout))) {
        cooled = s;
      }
    }
    return cooled;
  }

  private Group newGroup(Eligibility e) {
    Group g = new Group(e);
    for (AgentSeat s : seats.values()) {
      if (g.takes(s)) {
        g.agents.put(seatKeys.get(s.id()), s);
      }
    }
    return g;
  }
}
