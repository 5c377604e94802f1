package dev.switchboard.core.routing;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.IndexedMatching.Eligibility;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The waiting chat conversations, offered or not, by eligibility group and queue key, each group a
 * {@link RankedSet}, so "how many in this group go before that one" costs O(log n). Only chat is kept:
 * a place in line is shown to chat visitors only, and an agent's chat capacity is used by chats alone,
 * so no other channel's work stands in front of a chat. {@link WaitingQueue} tells it of every change.
 */
final class QueueRanks {

  private record Filed(Eligibility group, QueueKey key) {}

  private final Map<Eligibility, RankedSet<QueueKey>> groups = new HashMap<>();
  private final Map<ConversationId, Filed> filed = new HashMap<>();
  private long groupsVersion;

  /** {@code w} was added or its key or eligibility may have changed. */
  void update(Waiting w) {
    if (w.channel != Channel.CHAT || w.key == null) {
      return;
    }
    Filed now = new Filed(Eligibility.of(w), w.key);
    Filed before = filed.put(w.id, now);
    if (now.equals(before)) {
      return;
    }
    if (before != null) {
      unfile(before);
    }
    groups.computeIfAbsent(now.group(), g -> {
      groupsVersion++;
      return new RankedSet<>(QueueKey::compareTo);
    }).add(now.key());
  }

  /** {@code w} left the queue. */
  void remove(Waiting w) {
    Filed before = filed.remove(w.id);
    if (before != null) {
      unfile(before);
    }
  }

  /** The groups that have waiting chats. */
  Set<Eligibility> groups() {
    return Collections.unmodifiableSet(groups.keySet());
  }

  /** Changes whenever a group appears or empties: what was worked out from {@link #groups()} is stale. */
  long groupsVersion() {
    return groupsVersion;
  }

  /** How many of {@code group}'s waiting chats go before {@code key}. */
  int countBefore(Eligibility group, QueueKey key) {
    RankedSet<QueueKey> g = groups.get(group);
    return g == null ? 0 : g.countBelow(key);
  }

  private void unfile(Filed f) {
    RankedSet<QueueKey> g = groups.get(f.group());
    g.remove(f.key());
    if (g.isEmpty()) {
      groups.remove(f.group());
      groupsVersion++;
    }
  }
}
