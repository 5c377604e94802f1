package dev.switchboard.core.routing;

import java.time.Instant;

/** The built-in queue orders. */
enum QueueOrders implements QueueStrategy {

  /** A higher tier always goes first; first in, first out within a tier. */
  STRICT_PRIORITY {
    @Override
    public QueueKey key(Waiting w, Instant now) {
      return new QueueKey(w.rank, w.queuedAt, w.rank, w.queuedAt, w.arrival);
    }
  },

  /** Earliest deadline first across tiers; ties by tier, then first in, first out. */
  EARLIEST_DEADLINE {
    @Override
    public QueueKey key(Waiting w, Instant now) {
      return new QueueKey(0, w.deadline, w.rank, w.queuedAt, w.arrival);
    }
  }
}
