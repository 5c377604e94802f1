package dev.switchboard.bench.net;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop arrivals at a fixed rate: arrival {@code k} is due at {@code start + k / perSecond}, whatever
 * became of the ones before it, as a world that does not wait for our answers sends them. A load measures
 * each one's latency from its due time, so that a server that stalls is charged for every arrival it kept
 * waiting (no coordinated omission).
 */
public record Arrivals(double perSecond) {

  /** How long the pacing thread sleeps between looks at the clock: arrivals come in bursts of at most this. */
  static final long TICK_NANOS = 200_000;

  /** What happens to one arrival when it is due. */
  @FunctionalInterface
  public interface Arrival {
    void due(long k, long dueNanos);
  }

  public Arrivals {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: > 0)");
    }
  }

  /** How many arrivals {@code span} holds at this rate; at least one. */
  public long in(Duration span) {
    return Math.max(1, (long) (perSecond * (span.toNanos() / 1e9)));
  }

  /** Arrival {@code k}'s due time ({@link System#nanoTime()}) when the first is due at {@code start}. */
  public long dueNanos(long start, long k) {
    return start + (long) (k * (1e9 / perSecond));
  }

  /**
   * Hands arrivals {@code 0 .. count-1} to {@code arrival} on this thread, each once its due time has come (at
   * most {@link #TICK_NANOS} late, later only when {@code arrival} itself falls behind); returns after the last.
   */
  public void run(long start, long count, Arrival arrival) {
    double interval = 1e9 / perSecond;
    for (long k = 0; k < count; ) {
      long due = Math.min(count, (long) ((System.nanoTime() - start) / interval) + 1);
      for (; k < due; k++) {
        arrival.due(k, dueNanos(start, k));
      }
      if (k < count) {
        LockSupport.parkNanos(TICK_NANOS);
      }
    }
  }
}
