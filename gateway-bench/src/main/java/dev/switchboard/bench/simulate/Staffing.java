package dev.switchboard.bench.simulate;

import dev.switchboard.bench.simulate.Workload.ChannelMix;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Who is on duty when. Each hour needs enough agents that the busiest channel runs at the target
 * occupancy under the normal profile (the incident is not planned for). Shifts are contiguous: when the
 * need rises new agents start, when it falls the latest starters go home first, and the last shift of
 * the period stays until the queue is empty.
 */
final class Staffing {

  /** One agent's time on duty, in milliseconds into the period; {@code endMillis} is MAX for the last shift. */
  record Shift(int agent, long startMillis, long endMillis) {
    Shift {
      if (endMillis <= startMillis) {
        throw new IllegalArgumentException("shift " + agent + ": " + startMillis + ".." + endMillis);
      }
    }
  }

  private Staffing() {}

  /** Agents needed in each hour for {@code occupancy} (0..1) of the normal profile, at least {@code minimum}. */
  static int[] needed(Workload workload, ArrivalProfile profile, double occupancy, int minimum) {
    int[] need = new int[profile.hours()];
    for (int h = 0; h < need.length; h++) {
      int n = minimum;
      for (ChannelMix c : workload.channels()) {
        double erlangs = profile.normalPerSecond(h) * c.loadPerArrival();
        n = Math.max(n, (int) Math.ceil(erlangs / (occupancy * c.capacity())));
      }
      need[h] = n;
    }
    return need;
  }

  /** Contiguous shifts covering {@code need} exactly, hour by hour. */
  static List<Shift> shifts(int[] need) {
    List<Shift> done = new ArrayList<>();
    Deque<long[]> onDuty = new ArrayDeque<>(); // {agent, start}, latest starter on top
    int nextAgent = 0;
    for (int h = 0; h < need.length; h++) {
      long at = h * 3_600_000L;
      while (onDuty.size() < need[h]) {
        onDuty.push(new long[] {nextAgent++, at});
      }
      while (onDuty.size() > need[h]) {
        long[] a = onDuty.pop();
        done.add(new Shift((int) a[0], a[1], at));
      }
    }
    for (long[] a : onDuty) {
      done.add(new Shift((int) a[0], a[1], Long.MAX_VALUE));
    }
    return done;
  }

  /** {@code agents} agents on duty through the whole period. */
  static List<Shift> constant(int agents) {
    List<Shift> all = new ArrayList<>();
    for (int a = 0; a < agents; a++) {
      all.add(new Shift(a, 0, Long.MAX_VALUE));
    }
    return all;
  }

  static int agentCount(List<Shift> shifts) {
    return shifts.stream().mapToInt(Shift::agent).max().orElse(-1) + 1;
  }
}
