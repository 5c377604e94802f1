package dev.switchboard.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.testing.TestStores;
import dev.switchboard.config.ClusterConfig;
import dev.switchboard.config.PostgresConfig;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joining, duplicate names, and singletons following the lease, with real threads on a short lease. */
class MembershipTest {

  private static final Duration LEASE = Duration.ofSeconds(1);

  @TempDir
  Path dir;

  private ClusterSchemaFixture db;
  private Stores stores;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void open() throws SQLException {
    db = ClusterSchemaFixture.create();
    stores = Stores.open(db.storage(dir), MutableClock.startingAt("2026-03-02T09:00:00Z"), meters);
  }

  @AfterEach
  void close() throws SQLException {
    if (stores != null) {
      stores.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private ClusterMembership join(String name, Singletons singletons) throws InterruptedException {
    return ClusterMembership.join(new ClusterConfig(true, name, URI.create("http://" + name + ":8080"), LEASE),
        PostgresConfig.at(TestStores.schemaUrl(db.url, db.schema), 2), stores.conversations(),
        singletons, meters);
  }

  @Test
  void secondLiveNodeWithTheSameNameRefusesToStartNamingTheFirst() throws Exception {
    try (ClusterMembership first = join("gw-a", new Singletons()).campaign()) {
      assertThatThrownBy(() -> join("gw-a", new Singletons()))
          .isInstanceOf(DuplicateNodeException.class)
          .hasMessageStartingWith("cluster.nodeId `gw-a` is taken by a running node at http://gw-a:8080");
      assertThat(first.nodeId()).isEqualTo("gw-a");
    }
  }

  @Test
  void nodeRestartedAfterACrashTakesItsNameOnceTheOldHeartbeatIsStale() throws Exception {
    ClusterMembership crashed = join("gw-a", new Singletons());
    // A crash: the row stays, its heartbeat stops and ages past the lease timeout.
    db.sql("UPDATE cluster_nodes SET last_seen = now() - INTERVAL '2 seconds'");
    try (ClusterMembership restarted = join("gw-a", new Singletons())) {
      assertThat(restarted.nodeId()).isEqualTo("gw-a");
    } finally {
      crashed.close();
    }
  }

  @Test
  void singletonsRunOnTheLeaderOnlyAndMoveWhenItStops() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    Singletons onA = new Singletons();
    onA.add("router", term -> {
      events.add("a started " + term.number());
      return () -> events.add("a stopped " + term.number());
    });
    Singletons onB = new Singletons();
    onB.add("router", term -> {
      events.add("b started " + term.number());
      return () -> events.add("b stopped " + term.number());
    });
    ClusterMembership a = join("gw-a", onA).campaign();
    await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("a started 1"));
    try (ClusterMembership b = join("gw-b", onB).campaign()) {
      assertThat(b.view().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS).nodes())
          .extracting(ClusterView.Node::id, ClusterView.Node::leader)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("gw-a", true), org.assertj.core.groups.Tuple.tuple("gw-b", false));
      a.close(); // graceful: stops its singletons, then releases the lease
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("b started 2"));
      assertThat(events).containsExactly("a started 1", "a stopped 1", "b started 2");
      assertThat(b.role()).isEqualTo(ClusterMembership.Role.LEADER);
      assertThat(meters.get("switchboard.cluster.failovers").counter().count()).isEqualTo(1);
    }
  }
  @Test
  void aTermThatEndsWhileItsSingletonsStartStartsNoMoreOfThemAndClosesWhatItStarted() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch termEnded = new CountDownLatch(1);
    Singletons onA = new Singletons();
    onA.add("router", term -> {
      events.add("router starting " + term.number());
      termEnded.await(30, TimeUnit.SECONDS); // a slow start: the rebuild of a long queue
      return () -> events.add("router stopped " + term.number());
    });
    onA.add("outbox", term -> {
      events.add("outbox started " + term.number());
      return () -> events.add("outbox stopped " + term.number());
    });
    onA.add("follow-ups", term -> {
      events.add("follow-ups started " + term.number());
      return () -> events.add("follow-ups stopped " + term.number());
    });
    ClusterMembership a = join("gw-a", onA).campaign();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("router starting 1"));
      // Another node retakes the lease (gw-a's renewals fail from now on): term 1 has ended.
      db.sql("UPDATE cluster_lease SET term = 2, holder = 'gw-b', holder_instance = 'gw-b-instance', "
          + "acquired_at = now(), expires_at = now() + INTERVAL '1 minute' WHERE id = 1");
      db.sql("UPDATE cluster_term SET term = 2 WHERE id = 1");
      await().atMost(Duration.ofSeconds(10)).until(() -> a.leaderTerm().isEmpty());
    } finally {
      termEnded.countDown();
    }
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("router stopped 1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> onA.term().isEmpty());
      assertThat(events).containsExactly("router starting 1", "router stopped 1");
    } finally {
      a.close();
    }
  }
}
