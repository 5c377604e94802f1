package dev.switchboard.core.report;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.Map;

/**
 * One UTC hour of the week in the staffing report: mean arrivals in that hour per channel and per tier (over
 * the times the hour occurs in the range), the mean time agents held a conversation, the agents each tier
 * needs to meet its first-response target by Erlang C, and the mean number of agents who could take work.
 */
public record StaffingHour(
    int hourOfWeek,
    Map<String, Double> arrivalsByChannel,
    Map<String, Double> arrivalsByTier,
    Duration meanHandle,
    Map<String, Integer> agentsNeeded,
    double agentsPresent) {

  public StaffingHour {
    arrivalsByChannel = Map.copyOf(arrivalsByChannel);
    arrivalsByTier = Map.copyOf(arrivalsByTier);
    agentsNeeded = Map.copyOf(agentsNeeded);
  }

  public DayOfWeek day() {
    return DayOfWeek.of(hourOfWeek / 24 + 1);
  }

  public int hour() {
    return hourOfWeek % 24;
  }

  /** The tiers' needs added up: an upper bound, since an agent who serves several tiers counts once. */
  public int agentsNeededTotal() {
    return agentsNeeded.values().stream().mapToInt(Integer::intValue).sum();
  }
}
