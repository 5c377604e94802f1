package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.BusinessHoursConfig;
import dev.switchboard.config.TierConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured tiers, highest first, with their SLA targets and the clock each counts them on: the
 * wall clock, or the open hours of the schedule the tier names ({@code tiers[].businessHours}).
 */
final class Tiers {

  private final List<TierConfig> ordered;
  private final Map<String, Integer> rank = new LinkedHashMap<>();
  private final Map<String, BusinessHours> clocks = new HashMap<>();

  Tiers(List<TierConfig> tiers) {
    this(tiers, Map.of());
  }

  Tiers(List<TierConfig> tiers, Map<String, BusinessHoursConfig> schedules) {
    requireNonNull(tiers, "tiers");
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("tiers: [] (expected: at least one)");
    }
    ordered = List.copyOf(tiers);
    for (int i = 0; i < ordered.size(); i++) {
      TierConfig t = ordered.get(i);
      requireNonNull(t.name(), "tier name");
      requireNonNull(t.firstResponse(), "firstResponse of " + t.name());
      if (rank.putIfAbsent(t.name(), i) != null) {
        throw new IllegalArgumentException("duplicate tier: " + t.name());
      }
      if (t.businessHours() != null) {
        BusinessHoursConfig hours = schedules.get(t.businessHours());
        if (hours == null) {
          throw new IllegalArgumentException("routing.tiers." + t.name() + ".businessHours: unknown schedule `"
              + t.businessHours() + "`");
        }
        clocks.put(t.name(), new BusinessHours(hours));
      }
    }
  }

  boolean contains(String tier) {
    return rank.containsKey(tier);
  }

  /** 0 for the highest tier; an unknown tier (removed by a reload) ranks below every known one. */
  int rank(String tier) {
    Integer r = tier == null ? null : rank.get(tier);
    return r == null ? ordered.size() : r;
  }

  /** The tier {@code steps} above {@code tier}, stopping at the highest. */
  String promote(String tier, int steps) {
    int r = Math.min(rank(tier), ordered.size() - 1);
    return ordered.get(Math.max(0, r - steps)).name();
  }

  String lowest() {
    return ordered.get(ordered.size() - 1).name();
  }

  Duration firstResponse(String tier) {
    return config(tier).firstResponse();
  }

  /** The next-response target, or the first-response target where the tier sets none. */
  Duration nextResponse(String tier) {
    TierConfig t = config(tier);
    return t.nextResponse() == null ? t.firstResponse() : t.nextResponse();
  }

  /** The first-response due time of a conversation of {@code tier} queued at {@code from}. */
  Instant firstResponseDue(String tier, Instant from) {
    return after(tier, from, firstResponse(tier));
  }

  /** The next-response due time of a customer message of a conversation of {@code tier} at {@code from}. */
  Instant nextResponseDue(String tier, Instant from) {
    return after(tier, from, nextResponse(tier));
  }

  /** The moment {@code d} after {@code from} on the tier's SLA clock. */
  Instant after(String tier, Instant from, Duration d) {
    return clock(tier).plusOpen(from, d);
  }

  /** The time passed between {@code from} and {@code to} on the tier's SLA clock. */
  Duration elapsed(String tier, Instant from, Instant to) {
    return clock(tier).openBetween(from, to);
  }

  private BusinessHours clock(String tier) {
    return tier == null ? BusinessHours.ALWAYS : clocks.getOrDefault(tier, BusinessHours.ALWAYS);
  }

  List<String> names() {
    return new ArrayList<>(rank.keySet());
  }

  private TierConfig config(String tier) {
    Integer r = rank.get(tier);
    return ordered.get(r == null ? ordered.size() - 1 : r);
  }
}
