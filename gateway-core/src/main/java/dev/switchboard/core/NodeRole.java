package dev.switchboard.core;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.cluster.ClusterEvents;
import dev.switchboard.core.cluster.ClusterMembership;
import dev.switchboard.core.cluster.LeaderLink;
import dev.switchboard.core.cluster.LeaderTerm;
import dev.switchboard.core.cluster.TermRoutes;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.transport.RouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in leading. Alone ({@code cluster.enabled: false}) it leads from the start, with term 0
 * and an unfenced store. In a cluster it joins (refusing a second live node of its name before anything
 * starts), relays events between nodes (before the channels start: their events must cross), takes messages
 * in through the event journal, applies a changed config file while it follows, and serves the desk and
 * the routing API through the leader while it does not lead; the lease is campaigned for once the port is bound.
 */
final class NodeRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodeRole.class);
  /** How long a follower waits for the leader to answer a forwarded request or a relayed upgrade. */
  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(10);

  private final ClusterMembership membership;
  private final ClusterEvents relay;
  private final ConversationStore intake;
  private final LeaderLink link;
  private final List<AutoCloseable> parts;

  private NodeRole(ClusterMembership membership, ClusterEvents relay, ConversationStore intake, LeaderLink link,
      List<AutoCloseable> parts) {
    this.membership = membership;
    this.relay = relay;
    this.intake = intake;
    this.link = link;
    this.parts = parts;
  }

  /** Takes the node's part: alone it leads at once (its singletons start as they are added). */
  static NodeRole take(Gateway g) throws Exception {
    GatewayConfig cfg = g.config().get();
    ConversationStore store = g.stores().conversations();
    if (!cfg.cluster().enabled()) {
      g.singletons().lead(LeaderTerm.single(store));
      return new NodeRole(null, null, store, null, List.of());
    }
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      ClusterMembership membership = ClusterMembership.join(cfg.cluster(), cfg.storage().postgres(), store,
          g.singletons(), g.meters());
      parts.add(membership);
      ClusterEvents relay = membership.relay(g.events());
      parts.add(relay);
      if (g.configFile() != null) {
        parts.add(RoutingTerm.followerWatcher(g.configFile(), g.config(), () -> g.router() != null));
      }
      LeaderLink link = membership.leaderLink(LEADER_TIMEOUT);
      parts.add(link);
      // An ingest writes its events for the other nodes in its own transaction.
      return new NodeRole(membership, relay, relay.intake(), link, parts);
    } catch (Exception | Error e) {
      new NodeRole(null, null, store, null, parts).close();
      throw e;
    }
  }

  /** The store through which this node takes messages in. */
  ConversationStore intake() {
    return intake;
  }

  /** The membership, or {@code null} alone. */
  ClusterMembership membership() {
    return membership;
  }

  /** The event relay between nodes, or {@code null} alone. */
  ClusterEvents relay() {
    return relay;
  }

  /** The delegates of the routes one leadership term serves (the desk, the routing API), mounted on {@code routes}. */
  TermRoutes termRoutes(RouteTable routes) {
    TermRoutes termRoutes = new TermRoutes(routes, membership == null
        ? () -> "the router is not running (the gateway is starting or stopping)" : membership::notLeaderMessage);
    if (link != null) {
      termRoutes.relayingTo(link); // a follower serves the desk and the routing API through the leader
    }
    return termRoutes;
  }

  /** Campaigns for the lease (in a cluster, once the port is bound). */
  void campaign() {
    if (membership != null) {
      membership.campaign();
    }
  }

  /** Leaves the cluster: the leader link, the watcher, the relay, then the membership (the lease given up). */
  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        log.error("Failed to close {}", parts.get(i), e);
      }
    }
  }
}
