package dev.switchboard.bench.incident;

import java.util.Collection;

/**
 * The rate sends arrived at the provider, over their steady part: from the send at the 10th percentile of
 * the arrivals to the one at the 90th, so the first burst (the pacing allows one interval's worth at once)
 * and the slow tail (the last few entries waiting for their retry slot) do not blur the figure.
 */
record SendRate(int sends, double steadyPerSecond, double wholePerSecond, double seconds) {

  private static final double FROM = 0.10;
  private static final double TO = 0.90;

  /** Computes it from each send's arrival, in {@link System#nanoTime()} units (in any order). */
  static SendRate of(Collection<Long> arrivalsNanos) {
    long[] t = arrivalsNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (t.length < 2) {
      return new SendRate(t.length, 0, 0, 0);
    }
    double seconds = (t[t.length - 1] - t[0]) / 1e9;
    int from = (int) Math.floor(FROM * (t.length - 1));
    int to = (int) Math.ceil(TO * (t.length - 1));
    double steadySeconds = (t[to] - t[from]) / 1e9;
    double steady = steadySeconds <= 0 ? 0 : (to - from) / steadySeconds;
    // n sends span n - 1 intervals.
    double whole = seconds <= 0 ? 0 : (t.length - 1) / seconds;
    return new SendRate(t.length, steady, whole, seconds);
  }

  /** The steady rate as a share of {@code limit} (1 = exactly at the pacing limit). */
  double ofLimit(double limit) {
    return limit <= 0 ? 0 : steadyPerSecond / limit;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%d sends in %.1f s: steady %.1f/s, whole %.1f/s",
        sends, seconds, steadyPerSecond, wholePerSecond);
  }
}
