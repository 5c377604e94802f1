package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.store.ConversationStore;

/**
 * A term of leadership as the singletons see it: its number (the lease's fencing token; 0 for a single
 * node, which holds no lease) and the store whose leader-only writes carry it.
 */
public record LeaderTerm(long number, ConversationStore store) {

  public LeaderTerm {
    requireNonNull(store, "store");
    if (number < 0) {
      throw new IllegalArgumentException("number: " + number + " (expected: >= 0)");
    }
  }

  /** A single node: always the leader, no lease, writes not fenced. */
  public static LeaderTerm single(ConversationStore store) {
    return new LeaderTerm(0, store);
  }

  /** Term {@code number} of a cluster's lease, with {@code store}'s writes fenced by it. */
  public static LeaderTerm of(long number, ConversationStore store) {
    return new LeaderTerm(number, store.fencedAt(number));
  }
}
