package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.TierConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured tiers, highest first, with their SLA targets. */
final class Tiers {

  private final List<TierConfig> ordered;
  private final Map<String, Integer> rank = new LinkedHashMap<>();

  Tiers(List<TierConfig> tiers) {
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

  List<String> names() {
    return new ArrayList<>(rank.keySet());
  }

  private TierConfig config(String tier) {
    Integer r = rank.get(tier);
    return ordered.get(r == null ? ordered.size() - 1 : r);
  }
}
