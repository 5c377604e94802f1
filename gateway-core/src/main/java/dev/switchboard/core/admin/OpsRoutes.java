package dev.switchboard.core.admin;

import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /health/live}, {@code /health/ready} and {@code /metrics}: what load balancers and Prometheus read. */
public final class OpsRoutes {

  private OpsRoutes() {}

  /**
   * Mounts the routes. {@code checks} name the parts that must be ready (the store, each channel). Ready
   * answers 503 while any is down, naming it. A degraded part (a channel whose provider fails sends for a
   * passing reason) keeps the answer 200, with {@code "status":"degraded"} and the channel, reason and
   * time under {@code degraded}: the gateway still takes in messages on every channel and keeps the
   * replies in its outbox, and taking it out of a load balancer would not bring the provider back.
   */
  public static void mount(HttpRoutes routes, Map<String, Supplier<HealthState>> checks,
      PrometheusMeterRegistry prometheus) {
    mount(routes, checks, prometheus, Map::of);
  }

  /** As {@link #mount(HttpRoutes, Map, PrometheusMeterRegistry)}; {@code node} adds who answers (node id, role). */
  public static void mount(HttpRoutes routes, Map<String, Supplier<HealthState>> checks,
      PrometheusMeterRegistry prometheus, Supplier<Map<String, String>> node) {
    routes.get("/health/live", HttpHandler.sync(request -> HttpResponse.json(200, Map.of("status", "up"))));
    routes.get("/health/ready", HttpHandler.sync(request -> {
      Map<String, String> states = new LinkedHashMap<>();
      Map<String, Object> degraded = new LinkedHashMap<>();
      HealthState.Status worst = HealthState.Status.UP;
      for (Map.Entry<String, Supplier<HealthState>> c : checks.entrySet()) {
        HealthState state = safely(c.getValue());
        states.put(c.getKey(), state.status().key());
        if (state.status() == HealthState.Status.DEGRADED) {
          degraded.put(c.getKey(), Map.of("reason", state.reason(), "since", state.since().toString()));
        }
        if (state.status().compareTo(worst) > 0) {
          worst = state.status();
        }
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", switch (worst) {
        case UP -> "ready";
        case DEGRADED -> "degraded";
        case DOWN -> "not_ready";
      });
      body.putAll(node.get());
      body.put("checks", states);
      if (!degraded.isEmpty()) {
        body.put("degraded", degraded);
      }
      return HttpResponse.json(worst == HealthState.Status.DOWN ? 503 : 200, body);
    }));
    routes.get("/metrics", HttpHandler.sync(request -> HttpResponse.text(200,
        "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape())));
  }

  private static HealthState safely(Supplier<HealthState> check) {
    try {
      return check.get();
    } catch (RuntimeException e) {
      return HealthState.down();
    }
  }
}
