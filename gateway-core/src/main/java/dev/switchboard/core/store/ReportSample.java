package dev.switchboard.core.store;

import java.time.Duration;
import java.util.Arrays;

/**
 * Durations in milliseconds, kept whole so that percentiles are exact: a growable array, written to the
 * roll-up as text (sorted, each value as its base-36 difference from the previous one, comma-separated: a few
 * bytes a conversation, and the same on both databases).
 */
final class ReportSample {

  private long[] values = new long[8];
  private int size;

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  void addAll(ReportSample other) {
    if (size + other.size > values.length) {
      values = Arrays.copyOf(values, Math.max(size + other.size, size * 2));
    }
    System.arraycopy(other.values, 0, values, size, other.size);
    size += other.size;
  }

  /** Adds the values of {@link #encode()}'s text. */
  void addEncoded(String text) {
    long previous = 0;
    int start = 0;
    int n = text.length();
    while (start < n) {
      int end = text.indexOf(',', start);
      if (end < 0) {
        end = n;
      }
      previous += Long.parseLong(text, start, end, 36);
      add(previous);
      start = end + 1;
    }
  }

  /** The values, sorted, as base-36 deltas. */
  String encode() {
    Arrays.sort(values, 0, size);
    StringBuilder out = new StringBuilder(size * 4);
    long previous = 0;
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(Long.toString(values[i] - previous, 36));
      previous = values[i];
    }
    return out.toString();
  }

  /**
   * The nearest-rank percentile {@code numerator/denominator}: the smallest value whose 1-based rank r has
   * r ≥ p·n (integer arithmetic, so no rounding), or {@code null} when empty.
   */
  Duration percentile(int numerator, int denominator) {
    if (size == 0) {
      return null;
    }
    Arrays.sort(values, 0, size);
    long rank = ((long) numerator * size + denominator - 1) / denominator; // ceil(p·n)
    return Duration.ofMillis(values[(int) Math.max(0, rank - 1)]);
  }
}
