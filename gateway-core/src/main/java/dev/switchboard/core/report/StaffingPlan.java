package dev.switchboard.core.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link StaffingFacts} into the 168 hours of the staffing report. Arrivals per hour are the range's
 * count divided by how many times that hour of the week occurs in it; each tier's handle time is its mean
 * over the whole range (an hour alone holds too few conversations for a steady mean); agents needed per
 * tier is the Erlang C count for the tier's first-response target and the {@code goal} share.
 */
public final class StaffingPlan {

  public static final int HOURS_PER_WEEK = 168;
  private static final long HOUR_MS = 3_600_000L;
  /** 1970-01-01, hour 0 of the epoch, was a Thursday: 72 hours after a Monday midnight. */
  private static final int EPOCH_HOUR_OF_WEEK = 72;

  private StaffingPlan() {}

  /** The hour of the week (0 is Monday 00:00 UTC) of an epoch millisecond. */
  public static int hourOfWeek(long epochMillis) {
    return (int) Math.floorMod(Math.floorDiv(epochMillis, HOUR_MS) + EPOCH_HOUR_OF_WEEK, HOURS_PER_WEEK);
  }

  /** {@code targets}: each tier's first-response target, highest tier first. */
  public static List<StaffingHour> plan(StaffingFacts facts, ReportRange range, Map<String, Duration> targets,
      double goal) {
    requireNonNull(facts, "facts");
    requireNonNull(range, "range");
    requireNonNull(targets, "targets");
    int[] occurrences = occurrences(range);
    Map<String, double[]> handleByTier = new HashMap<>(); // {handled, millis}
    for (StaffingFacts.Arrivals a : facts.arrivals()) {
      double[] h = handleByTier.computeIfAbsent(a.tier(), t -> new double[2]);
      h[0] += a.handled();
      h[1] += a.handledMillis();
    }
    double[] presentMillis = presentMillis(facts.presence());

    List<StaffingHour> hours = new ArrayList<>(HOURS_PER_WEEK);
    for (int how = 0; how < HOURS_PER_WEEK; how++) {
      int times = Math.max(1, occurrences[how]);
      Map<String, Double> byChannel = new LinkedHashMap<>();
      Map<String, Double> byTier = new LinkedHashMap<>();
      long handled = 0;
      long handledMillis = 0;
      for (StaffingFacts.Arrivals a : facts.arrivals()) {
        if (a.hourOfWeek() == how) {
          byChannel.merge(a.channel(), (double) a.conversations() / times, Double::sum);
          byTier.merge(a.tier(), (double) a.conversations() / times, Double::sum);
          handled += a.handled();
          handledMillis += a.handledMillis();
        }
      }
      Map<String, Integer> needed = new LinkedHashMap<>();
      for (Map.Entry<String, Duration> t : targets.entrySet()) {
        double[] h = handleByTier.get(t.getKey());
        double perHour = byTier.getOrDefault(t.getKey(), 0.0);
        if (perHour == 0) {
          needed.put(t.getKey(), 0);
        } else if (h != null && h[0] > 0 && h[1] > 0) {
          needed.put(t.getKey(), ErlangC.agentsNeeded(perHour / 3600.0, h[1] / h[0] / 1000.0,
              t.getValue().toMillis() / 1000.0, goal));
        }
      }
      hours.add(new StaffingHour(how, byChannel, byTier,
          handled == 0 ? null : Duration.ofMillis(handledMillis / handled), needed,
          presentMillis[how] / ((double) times * HOUR_MS)));
    }
    return hours;
  }

  /** How many hours starting in the range fall on each hour of the week. */
  static int[] occurrences(ReportRange range) {
    int[] out = new int[HOURS_PER_WEEK];
    long first = Math.floorDiv(range.from().toEpochMilli() + HOUR_MS - 1, HOUR_MS);
    long end = Math.floorDiv(range.to().toEpochMilli() - 1, HOUR_MS);
    for (long h = first; h <= end; h++) {
      out[hourOfWeek(h * HOUR_MS)]++;
    }
    return out;
  }

  /** Agent-milliseconds of presence falling in each hour of the week. */
  private static double[] presentMillis(List<StaffingFacts.Presence> stretches) {
    double[] out = new double[HOURS_PER_WEEK];
    for (StaffingFacts.Presence p : stretches) {
      long t = p.from();
      while (t < p.until()) {
        long hourEnd = (Math.floorDiv(t, HOUR_MS) + 1) * HOUR_MS;
        long stop = Math.min(hourEnd, p.until());
        out[hourOfWeek(t)] += stop - t;
        t = stop;
      }
    }
    return out;
  }
}
