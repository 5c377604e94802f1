package dev.switchboard.core;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.admin.HealthState;
import dev.switchboard.core.admin.OpsRoutes;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.cluster.ClusterMembership;
import dev.switchboard.core.cluster.TermRoutes;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.outbox.OutboxDispatcher;
import dev.switchboard.core.store.Stores;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code /health/ready} says of this node: its checks (the store, the router unless it is still
 * starting here, then each started channel, degraded
 * while the outbox finds the channel's provider failing) and who answers (the node, its role, and where
 * the router runs).
 */
final class NodeHealth {

  /** Where the router runs, seen from this node. */
  enum RouterPlace {
    /** This node's term serves the leader-only routes. */
    HERE,
    /** This node holds the lease and still rebuilds its queue. */
    STARTING,
    /** A follower: another node's router. */
    ELSEWHERE;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<String, Supplier<HealthState>> checks = new LinkedHashMap<>();
  private final ClusterMembership membership; // null on a single node
  private final TermRoutes termRoutes;
  private final Supplier<OutboxDispatcher> outbox;

  /** {@code outbox}: the dispatcher while this node leads, else null. */
  NodeHealth(Stores stores, ClusterMembership membership, TermRoutes termRoutes, Supplier<OutboxDispatcher> outbox) {
    requireNonNull(stores, "stores");
    this.membership = membership;
    this.termRoutes = requireNonNull(termRoutes, "termRoutes");
    this.outbox = requireNonNull(outbox, "outbox");
    checks.put("store", () -> HealthState.of(stores.ready()));
    // Down while this node leads and its router still rebuilds the queue (or no longer runs, as it stops):
    // the routing routes answer 503 then, and the queue would not yet be whole.
    checks.put("router", () -> HealthState.of(routerPlace() != RouterPlace.STARTING));
  }

  /** Adds a started channel to the checks. */
  void check(ChannelAdapter adapter) {
    checks.put(adapter.channel().key(), () -> channelHealth(adapter));
  }

  /** Mounts {@code /health/live}, {@code /health/ready} and {@code /metrics} ({@link OpsRoutes}). */
  void mount(HttpRoutes routes, PrometheusMeterRegistry meters) {
    OpsRoutes.mount(routes, checks, meters, this::whoAnswers);
  }

  /** Down while the adapter is not ready; degraded while the outbox finds its provider failing. */
  private HealthState channelHealth(ChannelAdapter adapter) {
    if (!adapter.ready()) {
      return HealthState.down();
    }
    OutboxDispatcher o = outbox.get();
    return o == null ? HealthState.up() : o.health().degraded(adapter.channel())
        .map(d -> HealthState.degraded(d.reason(), d.since()))
        .orElse(HealthState.up());
  }

  /** The node and its role in a cluster (a single node leads), and where its router runs. */
  Map<String, String> whoAnswers() {
    Map<String, String> who = new LinkedHashMap<>(membership == null
        ? Map.of("role", ClusterMembership.Role.LEADER.key()) : membership.health());
    who.put("router", routerPlace().key());
    return who;
  }

  RouterPlace routerPlace() {
    if (termRoutes.serving()) {
      return RouterPlace.HERE;
    }
    boolean leads = membership == null || membership.role() == ClusterMembership.Role.LEADER;
    return leads ? RouterPlace.STARTING : RouterPlace.ELSEWHERE;
  }
}
