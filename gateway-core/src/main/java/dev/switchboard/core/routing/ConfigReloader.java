package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigReload;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of {@code gateway.yaml}, by {@code POST /api/config/reload} or the file watcher: a valid
 * file (the loader's checks, then the routing policy and contacts file compiled) is applied to the
 * router and the live config without dropping connections; an invalid one is refused with every
 * problem and the running config stays.
 */
public final class ConfigReloader {

  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  /** The outcome of a reload: applied, or refused with its problems. */
  public sealed interface Outcome {
    record Applied(GatewayConfig config) implements Outcome {}

    record Refused(List<String> problems) implements Outcome {}
  }

  private final Path file;
  private final Router router;
  private final Consumer<GatewayConfig> apply;
  private final AdminAuth auth;
  private final MeterRegistry meters;

  /** {@code apply} makes the config the one in force (the gateway's live config) once the router has it. */
  public ConfigReloader(Path file, Router router, Consumer<GatewayConfig> apply, AdminAuth auth, MeterRegistry meters) {
    this.file = file;
    this.router = requireNonNull(router, "router");
    this.apply = requireNonNull(apply, "apply");
    this.auth = requireNonNull(auth, "auth");
    this.meters = requireNonNull(meters, "meters");
  }

  public void mount(HttpRoutes routes) {
    routes.post("/api/config/reload", auth::require, this::reload);
  }

  private CompletionStage<HttpResponse> reload(HttpRequest request) {
    auth.require(request);
    if (file == null) {
      return CompletableFuture.completedFuture(
          HttpResponse.error(409, "no_config_file", "the gateway was not started from a file"));
    }
    CompletionStage<Outcome> outcome;
    try {
      outcome = apply(ConfigLoader.load(file));
    } catch (ConfigException e) {
      outcome = CompletableFuture.completedFuture(refused(e.problems().stream().map(Object::toString).toList()));
    }
    return outcome.thenApply(ConfigReloader::answer);
  }

  private static HttpResponse answer(Outcome o) {
    if (o instanceof Outcome.Refused r) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "invalid_config");
      body.put("message", "the config has " + r.problems().size() + " problem(s); the running config stays");
      body.put("problems", r.problems());
      return HttpResponse.json(422, body);
    }
    GatewayConfig c = ((Outcome.Applied) o).config();
    return HttpResponse.json(200, Map.of("applied", true, "agents", c.agents().size(),
        "tiers", c.routing().tiers().stream().map(t -> t.name()).toList()));
  }

  /** For {@link dev.switchboard.config.ConfigWatcher}: applies a loaded file, logs a refused one. */
  public void onFileChange(ConfigReload reload) {
    if (reload instanceof ConfigReload.Loaded l) {
      apply(l.config()).exceptionally(e -> {
        log.error("Applying the changed config file failed; the running config stays", e);
        return null;
      });
    } else if (reload instanceof ConfigReload.Rejected r) {
      refused(r.error().problems().stream().map(Object::toString).toList());
    }
  }

  /**
   * Compiles the routing policy (rules, tiers, agents, contacts file) and applies it all, or refuses;
   * completes once the router has the new policy and the config is the one in force.
   */
  public CompletionStage<Outcome> apply(GatewayConfig next) {
    RoutingPolicy policy;
    try {
      policy = RoutingPolicy.of(next);
    } catch (Exception e) {
      return CompletableFuture.completedFuture(refused(List.of(String.valueOf(e.getMessage()))));
    }
    return router.reconfigure(policy).thenApply(done -> {
      apply.accept(next);
      Counter.builder("switchboard.config.reloads").tag("outcome", "applied").register(meters).increment();
      log.info("Config reloaded: {} agents, tiers {}", next.agents().size(), policy.tierNames());
      return new Outcome.Applied(next);
    });
  }

  private Outcome refused(List<String> problems) {
    Counter.builder("switchboard.config.reloads").tag("outcome", "refused").register(meters).increment();
    log.warn("Config reload refused, the running config stays: {}", problems);
    return new Outcome.Refused(problems);
  }
}
