package dev.switchboard.core.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Durations in milliseconds, kept whole so that percentiles are exact, written to the roll-up as text (sorted,
 * each value as its base-36 difference from the previous one, comma-separated: a few bytes a conversation, and
 * the same on both databases).
 *
 * <p>A report gathers a group's values from thousands of rolled-up cells, each already sorted. They are kept as
 * those sorted runs, never concatenated and sorted again: a percentile is found by a binary search over the
 * values, counting in each run (by binary search) how many are at or below the candidate, which costs a few
 * passes over the runs' ends instead of a sort of every value (the sort was most of an SLA report's time on a
 * million conversations).
 */
final class ReportSample {

  private static final long[] NONE = new long[0];

  /** Sorted runs, never changed once added (another sample's runs are shared, not copied). */
  private final List<long[]> runs = new ArrayList<>();
  /** Values added one by one, in no order, until {@link #seal()} sorts them into a run. */
  private long[] loose = NONE;
  private int looseSize;
  private long size;

  void add(long value) {
    if (looseSize == loose.length) {
      loose = Arrays.copyOf(loose, Math.max(8, looseSize * 2));
    }
    loose[looseSize++] = value;
    size++;
  }

  void addAll(ReportSample other) {
    other.seal();
    runs.addAll(other.runs);
    size += other.size;
  }

  /**
   * Adds the values of {@link #encode()}'s text, as one sorted run. Decoded by hand in one pass (what
   * {@code Long.parseLong(text, start, end, 36)} does, without its per-digit lookups and checks): decoding was
   * the largest part of an SLA report's own time once the sort was gone.
   */
  void addEncoded(String text) {
    int n = text.length();
    if (n == 0) {
      return;
    }
    int count = 1;
    for (int i = 0; i < n; i++) {
      if (text.charAt(i) == ',') {
        count++;
      }
    }
    long[] run = new long[count];
    long previous = 0;
    boolean sorted = true;
    int k = 0;
    int i = 0;
    while (i <= n) {
      boolean negative = i < n && text.charAt(i) == '-';
      if (negative) {
        i++;
      }
      long delta = 0;
      int digits = 0;
      char ch;
      while (i < n && (ch = text.charAt(i)) != ',') {
        delta = delta * 36 + digit(ch, text);
        digits++;
        i++;
      }
      if (digits == 0 || digits > 12) { // 36^12 > 2^62: longer is not a duration this store wrote
        throw new NumberFormatException("not a base-36 duration list: \"" + text + "\"");
      }
      if (negative) {
        delta = -delta;
      }
      sorted &= k == 0 || delta >= 0;
      previous += delta;
      run[k++] = previous;
      i++; // past the comma (or the end)
    }
    if (!sorted) { // not written by encode(); still read right
      Arrays.sort(run);
    }
    runs.add(run);
    size += count;
  }

  private static int digit(char ch, String text) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    if (ch >= 'a' && ch <= 'z') {
      return ch - 'a' + 10;
    }
    throw new NumberFormatException("not a base-36 duration list: \"" + text + "\"");
  }

  /** The values, sorted, as base-36 deltas. */
  String encode() {
    long[] all = sorted();
    StringBuilder out = new StringBuilder(all.length * 4);
    long previous = 0;
    for (int i = 0; i < all.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(Long.toString(all[i] - previous, 36));
      previous = all[i];
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
    long rank = ((long) numerator * size + denominator - 1) / denominator; // ceil(p·n)
    return Duration.ofMillis(valueAtRank(Math.max(1, rank)));
  }

  /**
   * The {@code rank}-th smallest value (1-based): the smallest v with at least {@code rank} values at or
   * below it, which is always a value of the sample.
   */
  private long valueAtRank(long rank) {
    seal();
    if (runs.size() == 1) {
      return runs.get(0)[(int) (rank - 1)];
    }
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (long[] run : runs) {
      lo = Math.min(lo, run[0]);
      hi = Math.max(hi, run[run.length - 1]);
    }
    while (lo < hi) {
      long mid = lo + ((hi - lo) >>> 1); // hi - lo read unsigned: no overflow whatever the values
      if (atMost(mid) >= rank) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** How many values are at or below {@code value}. */
  private long atMost(long value) {
    long count = 0;
    for (long[] run : runs) {
      if (run[run.length - 1] <= value) {
        count += run.length;
      } else if (run[0] <= value) {
        int lo = 0;
        int hi = run.length - 1; // run[hi] > value
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (run[mid] <= value) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        count += lo;
      }
    }
    return count;
  }

  /** Every value, sorted. */
  private long[] sorted() {
    seal();
    if (runs.size() == 1) {
      return runs.get(0);
    }
    long[] all = new long[Math.toIntExact(size)];
    int at = 0;
    for (long[] run : runs) {
      System.arraycopy(run, 0, all, at, run.length);
      at += run.length;
    }
    Arrays.sort(all);
    return all;
  }

  /** Sorts the values added one by one into a run of their own. */
  private void seal() {
    if (looseSize > 0) {
      long[] run = Arrays.copyOf(loose, looseSize);
      Arrays.sort(run);
      runs.add(run);
      loose = NONE;
      looseSize = 0;
    }
  }
}
