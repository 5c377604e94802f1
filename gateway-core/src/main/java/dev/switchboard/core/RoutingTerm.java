package dev.switchboard.core;

import dev.switchboard.config.ConfigWatcher;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.cluster.LeaderTerm;
import dev.switchboard.core.cluster.TermRoutes;
import dev.switchboard.core.contacts.ContactMerges;
import dev.switchboard.core.contacts.ContactsApi;
import dev.switchboard.core.desk.AgentDesk;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.incident.IncidentRoom;
import dev.switchboard.core.incident.IncidentsApi;
import dev.switchboard.core.http.RequestGuard;
import dev.switchboard.core.routing.ConfigReloader;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.routing.RoutingApi;
import dev.switchboard.core.routing.RoutingPolicy;
import dev.switchboard.core.store.ContactStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs around the router for one term of leadership: the router rebuilt from the store, the agent
 * desk, the routing admin API, and live reload with its file watcher; their routes mounted into the term's
 * {@link TermRoutes.Term}. Closing it ends the term's routes first (503, desk sockets closed), then the rest.
 */
final class RoutingTerm implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RoutingTerm.class);

  private final Router router;
  private final List<AutoCloseable> parts;
  private final CompletableFuture<Void> serving;

  private RoutingTerm(Router router, List<AutoCloseable> parts, CompletableFuture<Void> serving) {
    this.router = router;
    this.parts = parts;
    this.serving = serving;
  }

  /**
   * Mounts the routes every term will add (as {@link TermRoutes} delegates), so that a node that follows
   * answers them 503 {@code not_leader} from the start. Keep in step with the mounts in {@link #start}.
   */
  static void declare(TermRoutes routes, AdminAuth adminAuth) {
    routes.declareWebSocket("/agent/ws", AgentDesk.Settings.defaults().maxFrameBytes(), Duration.ofMinutes(2))
        .declare("GET", "/api/queue", RequestGuard.NONE)
        .declare("GET", "/api/agents", RequestGuard.NONE)
        .declare("POST", "/api/conversations", adminAuth::require)
        .declare("POST", "/api/contacts/{id}/merge", adminAuth::require)
        .declare("POST", "/api/contacts/{id}/unmerge", adminAuth::require)
        .declare("POST", "/api/config/reload", adminAuth::require)
        .declare("POST", "/api/incidents", adminAuth::require)
        .declare("GET", "/api/incidents", RequestGuard.NONE)
        .declare("GET", "/api/incidents/{id}", RequestGuard.NONE)
        .declare("POST", "/api/incidents/{id}/updates", adminAuth::require)
        .declare("POST", "/api/incidents/{id}/resolve", adminAuth::require);
  }

  /**
   * On a node of a cluster, applies a changed config file to the live config while the node follows (the
   * leader's term applies it to its router too, through its own watcher), so that admin tokens and agents
   * are the same on every node and a new leader starts from the file as it is now.
   */
  static AutoCloseable followerWatcher(Path configFile, LiveConfig config, java.util.function.BooleanSupplier leading)
      throws java.io.IOException {
    return ConfigWatcher.start(configFile, reload -> {
      if (leading.getAsBoolean()) {
        return;
      }
      if (reload instanceof dev.switchboard.config.ConfigReload.Loaded loaded) {
        try {
          RoutingPolicy.of(loaded.config()); // the same check the leader's reload makes
          config.apply(loaded.config());
          log.info("Config file changed: applied on this node (following)");
        } catch (Exception e) {
          log.warn("Config file changed but is refused; the running config stays: {}", e.getMessage());
        }
      } else if (reload instanceof dev.switchboard.config.ConfigReload.Rejected rejected) {
        log.warn("Config file changed but is refused; the running config stays: {}", rejected.error().problems());
      }
    });
  }

  static RoutingTerm start(LeaderTerm term, TermRoutes.Term mount, LiveConfig config, Path configFile,
      EventBus events, Clock clock, MeterRegistry meters, AdminAuth adminAuth, ContactStore contacts)
      throws Exception {
    GatewayConfig cfg = config.get();
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      // The incidents hold their conversations back from the router, which they move in and out of its queue.
      java.util.concurrent.atomic.AtomicReference<Router> routerOfTerm = new java.util.concurrent.atomic.AtomicReference<>();
      IncidentRoom room = new IncidentRoom(term.store(), events, clock, meters, routerOfTerm::get,
          () -> config.get().routing().incidentMaxConversations());
      parts.add(room);
      room.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
      // The router follows the bus at once and rebuilds its queue from the store while the rest of the term,
      // and of the gateway's start, is built; the term's routes answer 503 until it holds the whole queue.
      Router r = Router.rebuilding(term.store(), events, clock, meters, RoutingPolicy.of(cfg), Duration.ofMillis(200),
          room);
      parts.add(r);
      ContactMerges merges = new ContactMerges(contacts, () -> r, events, meters);
      AgentDesk desk = new AgentDesk(r, term.store(), events, clock, meters, () -> config.get().agents(),
          AgentDesk.Settings.defaults().withAuthTimeout(cfg.server().authTimeout())
              .withTeamInterval(cfg.routing().teamViewInterval()), contacts, merges, room);
      parts.add(desk); // closed before the router: an ended term's desk follows the bus no more
      desk.applyCannedReplies(cfg.cannedReplies());
      java.util.concurrent.atomic.AtomicBoolean live = new java.util.concurrent.atomic.AtomicBoolean(true);
      config.onChange(next -> {
        if (live.get()) { // the live config keeps its listeners: an ended term's desk ignores changes
          desk.applyCannedReplies(next.cannedReplies());
          desk.configChanged();
        }
      });
      parts.add(() -> live.set(false));
      desk.mount(mount);
      new RoutingApi(r, term.store(), events, adminAuth, config).mount(mount);
      new ContactsApi(contacts, adminAuth).mountWrites(mount, merges);
      new IncidentsApi(room, term.store().incidents(), adminAuth, clock).mount(mount);
      ConfigReloader reloader = new ConfigReloader(configFile, r, config::apply, adminAuth, meters);
      reloader.mount(mount);
      if (configFile != null) {
        parts.add(ConfigWatcher.start(configFile, reloader::onFileChange));
      }
      parts.add(mount);
      CompletableFuture<Void> serving = r.restored().thenRun(() -> {
        routerOfTerm.set(r);
        room.finishCutOffUpdates().whenComplete((v, err) -> {
          if (err != null) {
            log.warn("Incident updates cut off by the last stop were not finished: {}", err.toString());
          }
        });
        mount.activate();
      }).toCompletableFuture();
      return new RoutingTerm(r, parts, serving);
    } catch (Exception | Error e) {
      closeAll(parts);
      throw e;
    }
  }

  Router router() {
    return router;
  }

  /**
   * Completes once the router holds the whole queue and the term's routes answer (exceptionally when the
   * rebuild failed: the routes then keep answering 503 until the term is closed).
   */
  CompletionStage<Void> serving() {
    return serving.copy();
  }

  @Override
  public void close() {
    closeAll(parts);
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        log.error("Failed to close {}", parts.get(i), e);
      }
    }
  }
}
