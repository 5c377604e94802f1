package dev.switchboard.bench.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one run measured: every conversation's wait (arrival to an agent's accept) by tier, and through
 * the day, per time bucket, the queue depth and the share of that bucket's arrivals answered within SLA.
 */
final class Tally {

  /** Waits of one tier, with the figures the report prints. */
  record TierFigures(int answered, double withinSla, double meanS, double p95S, double maxS) {}

  private final Workload workload;
  private final long bucketMillis;
  private final long[][] waits;
  private final int[] counts;
  private final List<int[]> arrivalsByBucket = new ArrayList<>();
  private final List<int[]> withinByBucket = new ArrayList<>();
  private final List<Integer> depthByBucket = new ArrayList<>();

  Tally(Workload workload, int expected, long bucketMillis) {
    this.workload = workload;
    this.bucketMillis = bucketMillis;
    int tiers = workload.tiers().size();
    this.waits = new long[tiers][Math.max(16, expected / tiers)];
    this.counts = new int[tiers];
  }

  long bucketMillis() {
    return bucketMillis;
  }

  void answered(Arrival a, long waitMillis) {
    int t = a.tier();
    if (counts[t] == waits[t].length) {
      waits[t] = Arrays.copyOf(waits[t], waits[t].length * 2);
    }
    waits[t][counts[t]++] = waitMillis;
    int bucket = (int) (a.atMillis() / bucketMillis);
    grow(arrivalsByBucket, bucket)[t]++;
    grow(withinByBucket, bucket);
    if (waitMillis <= workload.tiers().get(t).target().toMillis()) {
      withinByBucket.get(bucket)[t]++;
    }
  }

  /** The queue depth seen at the start of the next bucket. */
  void sampleDepth(int depth) {
    depthByBucket.add(depth);
  }

  TierFigures tier(int t) {
    long[] w = Arrays.copyOf(waits[t], counts[t]);
    if (w.length == 0) {
      return new TierFigures(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    Arrays.sort(w);
    long target = workload.tiers().get(t).target().toMillis();
    long within = Arrays.stream(w).filter(x -> x <= target).count();
    double mean = Arrays.stream(w).average().orElseThrow();
    return new TierFigures(w.length, (double) within / w.length, mean / 1000, percentile(w, 0.95) / 1000.0,
        w[w.length - 1] / 1000.0);
  }

  /** Mean wait over every tier, in seconds. */
  double meanWaitS() {
    long sum = 0;
    long n = 0;
    for (int t = 0; t < counts.length; t++) {
      for (int i = 0; i < counts[t]; i++) {
        sum += waits[t][i];
      }
      n += counts[t];
    }
    return n == 0 ? Double.NaN : sum / 1000.0 / n;
  }

  int answered() {
    return Arrays.stream(counts).sum();
  }

  List<Integer> depthByBucket() {
    return List.copyOf(depthByBucket);
  }

  /** Per bucket, the share of tier {@code t}'s arrivals answered within SLA (NaN where none arrived). */
  double[] withinSlaByBucket(int t) {
    double[] out = new double[arrivalsByBucket.size()];
    for (int b = 0; b < out.length; b++) {
      int n = arrivalsByBucket.get(b)[t];
      out[b] = n == 0 ? Double.NaN : (double) withinByBucket.get(b)[t] / n;
    }
    return out;
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private int[] grow(List<int[]> list, int bucket) {
    while (list.size() <= bucket) {
      list.add(new int[counts.length]);
    }
    return list.get(bucket);
  }
}
