package dev.switchboard.core.routing;

import java.time.Instant;
import java.util.Optional;

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
  },

  /**
   * The highest tier first (by deadline); then, by deadline, the conversations that can still make
   * their target; the late ones last (by deadline). Under an overload earliest-deadline serves the most
   * late work first and so makes everything late in turn; this serves what can still be saved. A
   * conversation moves from "saveable" to "late" at its deadline: declared, so the router re-files it.
   */
  SAVEABLE_DEADLINE {
    private static final int TOP = 0;
    private static final int SAVEABLE = 1;
    private static final int LATE = 2;

    @Override
    public QueueKey key(Waiting w, Instant now) {
      return new QueueKey(band(w, now), w.deadline, w.rank, w.queuedAt, w.arrival);
    }

    @Override
    public Optional<Instant> keyChangesAt(Waiting w, Instant now) {
      return band(w, now) == SAVEABLE ? Optional.of(w.deadline) : Optional.empty();
    }

    private int band(Waiting w, Instant now) {
      return w.rank == 0 ? TOP : now.isBefore(w.deadline) ? SAVEABLE : LATE;
    }
  }
}
