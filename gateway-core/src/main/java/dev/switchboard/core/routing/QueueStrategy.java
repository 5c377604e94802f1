package dev.switchboard.core.routing;

import dev.switchboard.config.RoutingConfig.Strategy;
import java.time.Instant;
import java.util.Optional;

/**
 * A queue order (`routing.strategy`): each waiting conversation's key, lowest offered first, and the
 * instant at which that key changes by time alone, if it does. The router files a conversation under
 * its key and, at that instant, files it again (a timer), so no order is ever re-sorted as a whole.
 */
interface QueueStrategy {

  /** The key of {@code w} as of {@code now}. */
  QueueKey key(Waiting w, Instant now);

  /** When the key of {@code w}, computed at {@code now}, changes with no other event; empty when never. */
  default Optional<Instant> keyChangesAt(Waiting w, Instant now) {
    return Optional.empty();
  }

  static QueueStrategy of(Strategy strategy) {
    return switch (strategy) {
      case STRICT_PRIORITY -> QueueOrders.STRICT_PRIORITY;
      case EARLIEST_DEADLINE -> QueueOrders.EARLIEST_DEADLINE;
      case SAVEABLE_DEADLINE -> QueueOrders.SAVEABLE_DEADLINE;
    };
  }
}
