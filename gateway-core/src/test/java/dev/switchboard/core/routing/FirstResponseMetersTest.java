package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The first-response histogram as Prometheus scrapes it: one finite bucket per tier, at the tier's target. */
class FirstResponseMetersTest {

  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FirstResponseMeters meters = new FirstResponseMeters(prometheus);

  private static Map<String, Duration> targets(Duration vip, Duration standard) {
    Map<String, Duration> t = new LinkedHashMap<>();
    t.put("vip", vip);
    t.put("standard", standard);
    return t;
  }

  @Test
  void everyTierHasOneFiniteBucketAtItsTargetSoWithinTargetOverCountIsItsAttainment() {
    meters.targets(targets(Duration.ofMinutes(2), Duration.ofMinutes(15)));
    meters.record("vip", Duration.ofSeconds(90), Duration.ofMinutes(2));
    meters.record("vip", Duration.ofMinutes(2), Duration.ofMinutes(2));      // on the target: within
    meters.record("vip", Duration.ofMinutes(3), Duration.ofMinutes(2));
    meters.record("standard", Duration.ofMinutes(20), Duration.ofMinutes(15));

    String text = prometheus.scrape();

    assertThat(text)
        .contains("switchboard_routing_first_response_seconds_bucket{tier=\"vip\",le=\"120.0\"} 2")
        .contains("switchboard_routing_first_response_seconds_bucket{tier=\"vip\",le=\"+Inf\"} 3")
        .contains("switchboard_routing_first_response_seconds_count{tier=\"vip\"} 3")
        .contains("switchboard_routing_first_response_seconds_bucket{tier=\"standard\",le=\"900.0\"} 0")
        .contains("switchboard_routing_first_response_seconds_count{tier=\"standard\"} 1");
    assertThat(text.lines().filter(l -> l.startsWith("switchboard_routing_first_response_seconds_bucket{tier=\"vip\"")))
        .hasSize(2);
  }

  @Test
  void aTierIsChartedAtZeroBeforeItsFirstReply() {
    meters.targets(targets(Duration.ofMinutes(2), Duration.ofMinutes(15)));

    assertThat(prometheus.scrape())
        .contains("switchboard_routing_first_response_seconds_count{tier=\"vip\"} 0")
        .contains("switchboard_routing_first_response_seconds_count{tier=\"standard\"} 0");
  }

  @Test
  void aReloadThatChangesATargetMovesTheBucket() {
    meters.targets(targets(Duration.ofMinutes(2), Duration.ofMinutes(15)));
    meters.record("vip", Duration.ofSeconds(90), Duration.ofMinutes(2));

    meters.targets(targets(Duration.ofMinutes(1), Duration.ofMinutes(15)));
    meters.record("vip", Duration.ofSeconds(90), Duration.ofMinutes(1));

    String text = prometheus.scrape();
    assertThat(text)
        .contains("switchboard_routing_first_response_seconds_bucket{tier=\"vip\",le=\"60.0\"} 0")
        .contains("switchboard_routing_first_response_seconds_count{tier=\"vip\"} 1")
        .doesNotContain("le=\"120.0\"");
  }
}
