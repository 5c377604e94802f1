package dev.switchboard.bench.simulate;

import dev.switchboard.config.RoutingConfig;
import dev.switchboard.config.RoutingConfig.Strategy;
import dev.switchboard.config.TierConfig;
import dev.switchboard.bench.simulate.Workload.TierMix;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A queue policy compared by the simulator, as the router configuration that yields it. FIFO is the
 * router with a single tier (its tiers unknown to routing), which every strategy serves in arrival order.
 */
enum Policy {
  FIFO(null),
  STRICT_PRIORITY(Strategy.STRICT_PRIORITY),
  EARLIEST_DEADLINE(Strategy.EARLIEST_DEADLINE),
  SAVEABLE_DEADLINE(Strategy.SAVEABLE_DEADLINE);

  /** The one tier routing sees under FIFO. */
  static final String SINGLE_TIER = "queue";

  private final Strategy strategy;

  Policy(Strategy strategy) {
    this.strategy = strategy;
  }

  /** The name used on the command line and in RESULT lines: {@code fifo}, {@code earliest-deadline}. */
  String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Policy ofKey(String key) {
    for (Policy p : values()) {
      if (p.key().equals(key)) {
        return p;
      }
    }
    throw new IllegalArgumentException("--policy: " + key + " (expected: all or one of " + keys() + ")");
  }

  static List<String> keys() {
    return java.util.Arrays.stream(values()).map(Policy::key).toList();
  }

  RoutingConfig routing(Workload workload) {
    List<TierConfig> tiers = this == FIFO
        ? List.of(new TierConfig(SINGLE_TIER, longestTarget(workload), longestTarget(workload)))
        : workload.tiers().stream().map(t -> new TierConfig(t.name(), t.target(), t.target())).toList();
    Strategy s = strategy == null ? Strategy.STRICT_PRIORITY : strategy;
    return RoutingConfig.builder().strategy(s).offerTimeout(Duration.ofSeconds(30)).tiers(tiers).build();
  }

  /** The tier routing is told for a conversation of the workload's tier {@code tier}. */
  String routedTier(Workload workload, int tier) {
    return this == FIFO ? SINGLE_TIER : workload.tiers().get(tier).name();
  }

  private static Duration longestTarget(Workload workload) {
    return workload.tiers().stream().map(TierMix::target).max(Duration::compareTo).orElseThrow();
  }
}
