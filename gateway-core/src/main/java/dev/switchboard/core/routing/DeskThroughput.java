package dev.switchboard.core.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * How fast each agent has been taking chats from the queue lately (accepted offers per second), for the
 * visitor's ETA. Measured, never assumed: an agent with no take in {@link #WINDOW} counts as no rate.
 */
final class DeskThroughput {

  /** How far back takes count. Long enough for a few takes of a slow desk, short enough to follow a shift. */
  static final Duration WINDOW = Duration.ofMinutes(15);
  /** The shortest span a rate is measured over, so one take a second ago does not read as "one per second". */
  static final Duration MIN_SPAN = Duration.ofMinutes(1);
  private static final int KEEP = 256;

  private final Map<String, ArrayDeque<Instant>> takes = new HashMap<>();

  void taken(String agent, Instant now) {
    ArrayDeque<Instant> d = takes.computeIfAbsent(agent, a -> new ArrayDeque<>());
    d.addLast(now);
    if (d.size() > KEEP) {
      d.removeFirst();
    }
  }

  /** The agent's takes per second: those in the window over the span from the first of them to now. */
  double perSecond(String agent, Instant now) {
    ArrayDeque<Instant> d = takes.get(agent);
    if (d == null) {
      return 0;
    }
    Instant from = now.minus(WINDOW);
    while (!d.isEmpty() && d.peekFirst().isBefore(from)) {
      d.removeFirst();
    }
    if (d.isEmpty()) {
      takes.remove(agent);
      return 0;
    }
    Duration span = Duration.between(d.peekFirst(), now);
    if (span.compareTo(MIN_SPAN) < 0) {
      span = MIN_SPAN;
    }
    return d.size() / (span.toMillis() / 1000.0);
  }
}
