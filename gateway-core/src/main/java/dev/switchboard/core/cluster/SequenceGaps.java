package dev.switchboard.core.cluster;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which sequence numbers of {@code cluster_events} the tail has read, and which it skipped. Numbers are
 * taken at insert and committed later, so across nodes a lower number can commit after a higher one was
 * read: a number skipped over is remembered as a gap and asked for again for {@code gapNanos} (after that
 * it belonged to a rolled-back insert). Not thread-safe: the tail's own thread owns it.
 */
final class SequenceGaps {

  /** Bounds the gaps remembered after a long jump (a node that was down, a burst of rollbacks). */
  static final int MAX_GAPS = 10_000;

  private final long gapNanos;
  private final Map<Long, Long> gaps = new TreeMap<>();
  private long last;

  /** Starts after {@code last}: what came before it is in the store, which a new leader's router reads whole. */
  SequenceGaps(long last, long gapNanos) {
    this.last = last;
    this.gapNanos = gapNanos;
  }

  /** The highest number read. */
  long last() {
    return last;
  }

  /** Forgets the gaps older than the window at {@code nanos}, and returns those still asked for. */
  Long[] missing(long nanos) {
    gaps.values().removeIf(since -> nanos - since > gapNanos);
    return gaps.keySet().toArray(Long[]::new);
  }

  /**
   * Notes that {@code seq} was read at {@code nanos}; whether it is new (a gap filled, or past the last
   * read), false for a number read before. The numbers it jumped over become gaps.
   */
  boolean read(long seq, long nanos) {
    if (gaps.remove(seq) != null) {
      return true;
    }
    if (seq <= last) {
      return false;
    }
    for (long g = last + 1; g < seq && gaps.size() < MAX_GAPS; g++) {
      gaps.put(g, nanos);
    }
    last = seq;
    return true;
  }
}
