package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;

/**
 * A waiting conversation's place in the queue, compared field by field, lowest first: the strategy's
 * {@code band} (e.g. tier rank, or "can still make its SLA" before "late"), then a time ({@code at}: the
 * queue time or the deadline), then the tier rank, the queue time and the arrival order, which is unique
 * and so makes the order total.
 */
record QueueKey(int band, Instant at, int rank, Instant queuedAt, long arrival) implements Comparable<QueueKey> {

  private static final Comparator<QueueKey> ORDER = Comparator.comparingInt(QueueKey::band)
      .thenComparing(QueueKey::at).thenComparingInt(QueueKey::rank).thenComparing(QueueKey::queuedAt)
      .thenComparingLong(QueueKey::arrival);

  QueueKey {
    requireNonNull(at, "at");
    requireNonNull(queuedAt, "queuedAt");
  }

  @Override
  public int compareTo(QueueKey o) {
    return ORDER.compare(this, o);
  }
}
