package dev.switchboard.core.admin;

import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /health/live}, {@code /health/ready} and {@code /metrics}: what load balancers and Prometheus read. */
public final class OpsRoutes {

  private OpsRoutes() {}

  /**
   * Mounts the routes. {@code checks} name the parts that must be ready (the store, each channel);
   * ready answers 503 while any is not, naming it.
   */
  public static void mount(HttpRoutes routes, Map<String, BooleanSupplier> checks, PrometheusMeterRegistry prometheus) {
    routes.get("/health/live", request -> HttpResponse.json(200, Map.of("status", "up")));
    routes.get("/health/ready", request -> {
      Map<String, String> states = new LinkedHashMap<>();
      boolean ready = true;
      for (Map.Entry<String, BooleanSupplier> c : checks.entrySet()) {
        boolean up = safely(c.getValue());
        ready &= up;
        states.put(c.getKey(), up ? "up" : "down");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", ready ? "ready" : "not_ready");
      body.put("checks", states);
      return HttpResponse.json(ready ? 200 : 503, body);
    });
    routes.get("/metrics", request -> HttpResponse.text(200,
        "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape()));
  }

  private static boolean safely(BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
