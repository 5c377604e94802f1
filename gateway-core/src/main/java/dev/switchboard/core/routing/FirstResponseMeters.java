package dev.switchboard.core.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code switchboard.routing.first.response}: the time to an agent's first reply, per tier, as a histogram
 * whose one finite bucket is the tier's first-response target. Because every tier's series has exactly that
 * bucket and {@code +Inf}, {@code sum by (tier) (rate(..._bucket{le!="+Inf"}[w])) / sum by (tier)
 * (rate(..._count[w]))} is the SLA attainment of each tier without the dashboard knowing the targets.
 * A reload that changes a target replaces the tier's histogram (Prometheus sees a counter reset).
 */
final class FirstResponseMeters {

  static final String NAME = "switchboard.routing.first.response";

  private record TierTimer(Duration target, Timer timer) {}

  private final MeterRegistry meters;
  private final Map<String, TierTimer> byTier = new ConcurrentHashMap<>();

  FirstResponseMeters(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Registers (at zero) the histogram of every tier, so a dashboard shows the tier before its first reply. */
  void targets(Map<String, Duration> targets) {
    targets.forEach(this::timer);
  }

  void record(String tier, Duration elapsed, Duration target) {
    timer(tier, target).record(elapsed.isNegative() ? Duration.ZERO : elapsed);
  }

  private Timer timer(String tier, Duration target) {
    return byTier.compute(tier, (t, old) -> {
      if (old != null && old.target().equals(target)) {
        return old;
      }
      if (old != null) {
        meters.remove(old.timer());
      }
      Timer timer = Timer.builder(NAME)
          .description("Time from queueing to an agent's first reply, on the tier's SLA clock; the finite bucket is the tier's target")
          .tag("tier", t)
          .serviceLevelObjectives(target)
          .register(meters);
      return new TierTimer(target, timer);
    }).timer();
  }
}
