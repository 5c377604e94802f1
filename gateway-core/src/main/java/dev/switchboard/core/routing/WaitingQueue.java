package dev.switchboard.core.routing;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.Timers.Refile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The waiting conversations: each filed in the {@link Matching} under its strategy key while it has no
 * offer, taken out while offered, and filed again (same place) when the offer ends. Every change to a
 * waiting conversation's key or eligibility goes through {@link #change}, so the index never holds a
 * stale entry; a key that changes by time alone is re-filed by a timer the strategy declared.
 */
final class WaitingQueue {

  private final Map<ConversationId, Waiting> byId = new HashMap<>();
  private final Map<String, Integer> sizeByTier = new HashMap<>();
  private final QueueRanks ranks = new QueueRanks();
  private final Matching matching;
  private final Timers timers;
  private QueueStrategy strategy;
  private long arrivals;

  WaitingQueue(QueueStrategy strategy, Matching matching, Timers timers) {
    this.strategy = strategy;
    this.matching = matching;
    this.timers = timers;
  }

  Waiting add(Conversation q, String sticky, Tiers tiers, Instant now) {
    Waiting w = new Waiting(q.id(), q.channel(), arrivals++, q.queuedAt());
    w.tier = q.tier();
    w.rank = tiers.rank(q.tier());
    w.skills = q.skills();
    w.deadline = tiers.firstResponseDue(q.tier(), q.queuedAt());
    w.sticky = sticky;
    w.escalationBase = tiers.firstResponse(q.tier());
    byId.put(q.id(), w);
    sizeByTier.merge(w.tier, 1, Integer::sum);
    file(w, now);
    return w;
  }

  /**
   * Files {@code w} again under the key it had before it left the queue (an accepted conversation that
   * came back unanswered), so it returns to its original place, not the back.
   */
  Waiting putBack(Waiting w, Tiers tiers, Instant now) {
    w.rank = tiers.rank(w.tier); // a reload may have re-ranked the tiers meanwhile
    w.offeredTo = null;
    w.offerExpires = null;
    byId.put(w.id, w);
    sizeByTier.merge(w.tier, 1, Integer::sum);
    file(w, now);
    return w;
  }

  Waiting get(ConversationId id) {
    return byId.get(id);
  }

  boolean contains(ConversationId id) {
    return byId.containsKey(id);
  }

  Collection<Waiting> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  /** Takes {@code id} out of the queue (accepted, resolved, moved); returns it, or null when it was not waiting. */
  Waiting remove(ConversationId id) {
    Waiting w = byId.remove(id);
    if (w != null) {
      if (w.offeredTo == null) {
        matching.unfile(w);
      }
      sizeByTier.merge(w.tier, -1, Integer::sum);
      ranks.remove(w);
    }
    return w;
  }

  void offered(Waiting w, String agent, Instant expires) {
    matching.unfile(w);
    w.offeredTo = agent;
    w.offerExpires = expires;
  }

  /** The offer of {@code w} ended: it waits again in its place. */
  void offerEnded(Waiting w, Instant now) {
    w.offeredTo = null;
    w.offerExpires = null;
    file(w, now);
  }

  /** Changes {@code w}'s tier, rank, deadline or eligibility, and files it again under its new key. */
  void change(Waiting w, Consumer<Waiting> edit, Instant now) {
    boolean filed = w.offeredTo == null;
    if (filed) {
      matching.unfile(w);
    }
    sizeByTier.merge(w.tier, -1, Integer::sum);
    edit.accept(w);
    sizeByTier.merge(w.tier, 1, Integer::sum);
    if (filed) {
      file(w, now);
    } else {
      ranks.update(w);
    }
  }

  /** A refile timer fired: the key of that conversation may have changed with time. */
  void refile(ConversationId id, Instant now) {
    Waiting w = byId.get(id);
    if (w != null && w.offeredTo == null && w.refileAt != null && !now.isBefore(w.refileAt)) {
      change(w, x -> {}, now);
    }
  }

  /** A new order (a reload): every waiting conversation is keyed again, with new tier ranks. */
  void reorder(QueueStrategy next, Tiers tiers, Instant now) {
    strategy = next;
    for (Waiting w : byId.values()) {
      change(w, x -> x.rank = tiers.rank(x.tier), now);
      if (w.offeredTo != null) {
        w.key = strategy.key(w, now);
        ranks.update(w);
      }
    }
  }

  /** Waiting conversations in the order they will be offered. */
  List<QueueView.Entry> view() {
    return byId.values().stream().sorted(BY_KEY).map(WaitingQueue::entry).toList();
  }

  /**
   * The first {@code limit} of {@link #view()} and how many wait in all, without sorting the rest: one pass
   * keeping the {@code limit} best in a heap whose top is the worst kept, so most conversations cost one
   * comparison. The desks' team feed reads this once a second, on the router thread, whatever the queue's size.
   */
  QueueView.Head head(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
    }
    if (limit == 0) {
      return new QueueView.Head(byId.size(), List.of());
    }
    PriorityQueue<Waiting> best = new PriorityQueue<>(Math.min(limit, byId.size()) + 1, BY_KEY.reversed());
    for (Waiting w : byId.values()) {
      if (best.size() < limit) {
        best.add(w);
      } else if (w.key.compareTo(best.peek().key) < 0) {
        best.poll();
        best.add(w);
      }
    }
    List<Waiting> first = new ArrayList<>(best);
    first.sort(BY_KEY);
    return new QueueView.Head(byId.size(), first.stream().map(WaitingQueue::entry).toList());
  }

  private static final Comparator<Waiting> BY_KEY = Comparator.comparing(Waiting::key);

  private static QueueView.Entry entry(Waiting w) {
    return new QueueView.Entry(w.id, w.tier, w.channel, w.queuedAt, w.deadline, w.offeredTo, w.offerExpires,
        w.widened);
  }

  /** The waiting chats ranked per eligibility group, for a visitor's place in line. */
  QueueRanks ranks() {
    return ranks;
  }

  /** How many wait per tier, offered or not. */
  Map<String, Integer> sizes() {
    return Collections.unmodifiableMap(sizeByTier);
  }

  private void file(Waiting w, Instant now) {
    w.key = strategy.key(w, now);
    matching.file(w);
    ranks.update(w);
    strategy.keyChangesAt(w, now).filter(t -> t.isAfter(now) && !t.equals(w.refileAt)).ifPresent(t -> {
      w.refileAt = t;
      timers.at(t, new Refile(w.id));
    });
  }
}
