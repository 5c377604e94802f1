package dev.switchboard.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, counted in log-linear buckets (exact below 128 µs, then 64 sub-buckets per
 * power of two, so a reported percentile is within 1/64 of the true value). Thread-safe and lock-free:
 * load generators record from several event loops at once.
 */
public final class LatencyHistogram {

  private static final int LINEAR = 128;
  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  // Powers of two from 2^7 up to 2^40 µs (12 days): far beyond any bounded run.
  private static final int MAX_EXPONENT = 40;
  private static final int BUCKETS = LINEAR + (MAX_EXPONENT - 6) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  /** Records one latency given in nanoseconds; negative values count as zero. */
  public void recordNanos(long nanos) {
    recordMicros(TimeUnit.NANOSECONDS.toMicros(Math.max(0, nanos)));
  }

  public void recordMicros(long micros) {
    counts.incrementAndGet(indexOf(Math.max(0, micros)));
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      n += counts.get(i);
    }
    return n;
  }

  /**
   * The value (µs) at or below which {@code percentile} percent of the recorded values lie: the upper
   * bound of the bucket holding that rank. 0 when nothing was recorded.
   */
  public long percentileMicros(double percentile) {
    if (percentile < 0 || percentile > 100) {
      throw new IllegalArgumentException("percentile: " + percentile + " (expected: 0..100)");
    }
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return upperBoundOf(i);
      }
    }
    return upperBoundOf(BUCKETS - 1);
  }

  /** {@link #percentileMicros} in milliseconds. */
  public double percentileMillis(double percentile) {
    return percentileMicros(percentile) / 1000.0;
  }

  public long maxMicros() {
    for (int i = BUCKETS - 1; i >= 0; i--) {
      if (counts.get(i) > 0) {
        return upperBoundOf(i);
      }
    }
    return 0;
  }

  static int indexOf(long micros) {
    if (micros < LINEAR) {
      return (int) micros;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(micros);
    if (exponent > MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) ((micros >>> (exponent - SUB_BITS)) & (SUB - 1));
    return LINEAR + (exponent - 7) * SUB + sub;
  }

  static long upperBoundOf(int index) {
    if (index < LINEAR) {
      return index;
    }
    int exponent = (index - LINEAR) / SUB + 7;
    int sub = (index - LINEAR) % SUB;
    long width = 1L << (exponent - SUB_BITS);
    return (1L << exponent) + (long) sub * width + width - 1;
  }
}
