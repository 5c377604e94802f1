package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.ClusterConfig;
import dev.switchboard.config.PostgresConfig;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node in a cluster: its row in {@code cluster_nodes} (a second process with the same name refuses to
 * start), its campaign for the lease ({@link LeaseKeeper} on its own thread and connections, so that store
 * load never delays a renewal), and its {@link Singletons}, started on their own thread when it gains the
 * lease and stopped when it loses it.
 */
public final class ClusterMembership implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);

  private final NodeIdentity node;
  private final Duration leaseTimeout;
  private final HikariDataSource pool;
  private final LeaseTable table;
  private final LeaseKeeper keeper;
  private final ConversationStore store;
  private final Singletons singletons;
  private final Counter failovers;
  private final MeterRegistry meters;
  private long lastPrune = System.nanoTime();
  private final ScheduledExecutorService lease = Executors.newSingleThreadScheduledExecutor(daemon("sb-cluster-lease"));
  private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(daemon("sb-cluster-watch"));
  private final ExecutorService singletonThread = Executors.newSingleThreadExecutor(daemon("sb-singletons"));
  private final ExecutorService api = Executors.newSingleThreadExecutor(daemon("sb-cluster-api"));
  private final KnownLeader leader;

  private ClusterMembership(ClusterConfig config, HikariDataSource pool, ConversationStore store, Singletons singletons,
      MeterRegistry meters) {
    this.node = NodeIdentity.start(config.nodeId(), config.advertiseUrl());
    this.leaseTimeout = config.leaseTimeout();
    this.pool = pool;
    this.table = new LeaseTable(pool, leaseTimeout);
    this.store = store;
    this.singletons = singletons;
    this.meters = meters;
    this.leader = new KnownLeader(node.nodeId());
    this.keeper = new LeaseKeeper(table, node, leaseTimeout, System::nanoTime, new LeaseKeeper.Listener() {
      @Override
      public void gained(long term) {
        onGained(term);
      }

      @Override
      public void lost(long term, String why) {
        try {
          singletonThread.execute(singletons::follow);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
          // close() stopped the singletons itself before giving the lease up
        }
      }
    });
    Gauge.builder("switchboard.cluster.leader", keeper, k -> k.term().isPresent() ? 1 : 0)
        .description("1 while this node leads the cluster").register(meters);
    this.failovers = Counter.builder("switchboard.cluster.failovers")
        .description("Leases this node took over from an earlier leader (every term but the first)").register(meters);
  }

  /**
   * Joins the cluster as {@code config.nodeId()}: creates the cluster tables if needed and claims the node's
   * row. When a live process has that name (its heartbeat moves on while this one waits, up to one lease
   * timeout), throws {@link DuplicateNodeException} naming it; a row left by a process that died is taken
   * once its heartbeat is older than the lease timeout. Does not campaign yet: see {@link #campaign()}.
   */
  public static ClusterMembership join(ClusterConfig config, PostgresConfig postgres, ConversationStore store,
      Singletons singletons, MeterRegistry meters) throws InterruptedException {
    requireNonNull(config, "config");
    requireNonNull(postgres, "postgres");
    ClusterPools.migrate(postgres);
    HikariDataSource pool = ClusterPools.leasePool(postgres, config.leaseTimeout());
    try {
      ClusterMembership m = new ClusterMembership(config, pool, store, singletons, meters);
      m.register();
      return m;
    } catch (RuntimeException | InterruptedException e) {
      pool.close();
      throw e;
    }
  }

  private void register() throws InterruptedException {
    long interval = LeaseKeeper.renewInterval(leaseTimeout).toMillis();
    long giveUp = System.nanoTime() + leaseTimeout.toNanos() + 2 * interval * 1_000_000;
    LeaseTable.NodeRow first = null;
    while (true) {
      Optional<LeaseTable.NodeRow> other;
      try {
        other = table.register(node);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot register node " + node.nodeId() + " in cluster_nodes: " + e, e);
      }
      if (other.isEmpty()) {
        log.info("Node {} joined the cluster at {} (instance {})", node.nodeId(), node.advertiseUrl(), node.instanceId());
        return;
      }
      LeaseTable.NodeRow o = other.get();
      // A heartbeat seen to move on is a live process; a row that only ages is one that died.
      if (first != null && o.lastSeen().isAfter(first.lastSeen()) || System.nanoTime() - giveUp > 0) {
        throw new DuplicateNodeException("cluster.nodeId `" + node.nodeId() + "` is taken by a running node at "
            + o.advertiseUrl() + " (its heartbeat was " + o.millisSinceSeen() + " ms ago); give every node its own "
            + "cluster.nodeId");
      }
      if (first == null) {
        first = o;
        log.info("Node {}: a node row of this name was seen {} ms ago at {}; waiting to tell a crashed predecessor "
            + "from a live duplicate", node.nodeId(), o.millisSinceSeen(), o.advertiseUrl());
      }
      TimeUnit.MILLISECONDS.sleep(interval / 2 + 1);
    }
  }

  /**
   * Starts relaying events between this node's bus and the other nodes' ({@link ClusterEvents}); close
   * it before this membership.
   */
  public ClusterEvents relay(dev.switchboard.core.event.EventBus events) throws SQLException {
    return ClusterEvents.start(pool, node.nodeId(), events, store, meters);
  }

  /** Starts campaigning: heartbeats and lease rounds every fifth of the lease timeout, the deadline watched apart. */
  public ClusterMembership campaign() {
    long interval = LeaseKeeper.renewInterval(leaseTimeout).toMillis();
    lease.scheduleWithFixedDelay(this::step, 0, interval, TimeUnit.MILLISECONDS);
    watch.scheduleAtFixedRate(keeper::checkDeadline, interval / 4, Math.max(1, interval / 4), TimeUnit.MILLISECONDS);
    return this;
  }

  private void step() {
    try {
      keeper.step();
      if (keeper.term().isEmpty()) {
        leader.learned(table.leader());
      } else if (System.nanoTime() - lastPrune > TimeUnit.MINUTES.toNanos(1)) {
        lastPrune = System.nanoTime();
        ClusterEvents.prune(pool, TimeUnit.HOURS.toMillis(1)); // the leader keeps the events table short
      }
    } catch (SQLException e) {
      log.debug("Node {}: could not read the leader: {}", node.nodeId(), e.toString());
    } catch (RuntimeException e) {
      log.error("Node {}: lease round failed", node.nodeId(), e);
    }
  }

  private void onGained(long term) {
    if (term > 1) {
      failovers.increment();
    }
    leader.learned(Optional.of(new LeaderAddress(node.nodeId(), node.advertiseUrl())));
    singletonThread.execute(() -> {
      if (keeper.term().orElse(-1) != term) {
        return; // lost again before the singletons could start
      }
      try {
        // Each singleton starts only while the term holds: the lease can be lost while they start.
        singletons.lead(LeaderTerm.of(term, store), () -> keeper.term().orElse(-1) == term);
      } catch (Exception | Error e) {
        log.error("Node {}: the singletons failed to start for term {}; giving the lease up", node.nodeId(), term, e);
        keeper.resign();
      }
    });
  }

  public String nodeId() {
    return node.nodeId();
  }

  /** The term this node leads under, or empty while it follows. */
  public OptionalLong leaderTerm() {
    return keeper.term();
  }

  /** {@code leader} or {@code follower}, for {@code /health/ready}. */
  public Role role() {
    return keeper.term().isPresent() ? Role.LEADER : Role.FOLLOWER;
  }

  /** The lease and the nodes as the database sees them. */
  public CompletionStage<ClusterView> view() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return table.view();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the cluster's state: " + e.getMessage(), e);
      }
    }, api);
  }

  /** Who answers {@code /health/ready}: this node and its role. */
  public java.util.Map<String, String> health() {
    return java.util.Map.of("node", node.nodeId(), "role", role().key());
  }

  /** Why a follower refuses a leader-only request, naming the leader it last knew of. */
  public String notLeaderMessage() {
    return leader.notLeaderMessage();
  }

  /** The leader this node read from the lease at its last round (itself while it leads), with its address. */
  public Optional<LeaderAddress> leaderAddress() {
    return leader.address();
  }

  /**
   * A follower's way to the leader for the routes only the leader serves ({@link TermRoutes#relayingTo}):
   * its relayed websockets are closed when the leader this node knows of changes.
   */
  public LeaderLink leaderLink(Duration timeout) {
    LeaderLink link = new LeaderLink(node.nodeId(), this::leaderAddress, this::notLeaderMessage, timeout, meters);
    leader.watch(link::leaderChanged);
    return link;
  }

  /** The leader this node last knew of, for the 503 a follower answers to leader-only requests. */
  public Optional<String> lastKnownLeader() {
    return leader.name();
  }

  /** Stops campaigning, stops the singletons, gives the lease up and removes the node's row. */
  @Override
  public void close() {
    lease.shutdownNow();
    watch.shutdownNow();
    awaitQuietly(lease);
    awaitQuietly(watch);
    // Singletons stop before the lease is given up, so the next leader never overlaps them.
    singletonThread.execute(singletons::follow);
    singletonThread.shutdown();
    awaitQuietly(singletonThread);
    keeper.resign();
    try {
      table.leave(node);
    } catch (SQLException e) {
      log.warn("Node {}: could not remove its row ({}); a restart waits one lease timeout", node.nodeId(), e.toString());
    }
    api.shutdownNow();
    pool.close();
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("{} did not stop within 30 s", executor);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** A node's role. */
  public enum Role {
    LEADER, FOLLOWER;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
