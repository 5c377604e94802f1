package dev.switchboard.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The election on the real PostgreSQL: expiry judged by the database's clock, each node's own time a
 * virtual monotonic clock moved by hand. A lease is "expired" by moving its expiry into the past in SQL,
 * which is what the database's clock does to a lease whose leader died; nothing here sleeps.
 */
class LeaseKeeperTest {

  private static final Duration LEASE = Duration.ofSeconds(5);

  private ClusterSchemaFixture db;
  private LeaseTable table;

  /** One node: its identity, virtual monotonic clock, keeper, and what it was told. */
  private final class Node implements LeaseKeeper.Listener {
    final NodeIdentity id;
    final AtomicLong nanos;
    final LeaseKeeper keeper;
    final List<String> told = new ArrayList<>();

    Node(String name, long startNanos) throws SQLException {
      id = NodeIdentity.start(name, URI.create("http://" + name + ":8080"));
      nanos = new AtomicLong(startNanos);
      keeper = new LeaseKeeper(table, id, LEASE, nanos::get, this);
      assertThat(table.register(id)).isEmpty();
    }

    @Override
    public void gained(long term) {
      told.add("gained " + term);
    }

    @Override
    public void lost(long term, String why) {
      told.add("lost " + term + ": " + why);
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  @BeforeEach
  void schema() throws SQLException {
    db = ClusterSchemaFixture.create();
    db.migrate();
    table = new LeaseTable(db.source, LEASE);
  }

  @AfterEach
  void drop() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void firstNodeTakesTermOneAndKeepsItByRenewing() throws SQLException {
    Node a = new Node("gw-a", 0);
    a.keeper.step();
    assertThat(a.keeper.term()).isEqualTo(OptionalLong.of(1));
    for (int i = 0; i < 10; i++) {
      a.advance(Duration.ofSeconds(1));
      a.keeper.step();
      assertThat(a.keeper.checkDeadline()).isFalse();
    }
    assertThat(a.told).containsExactly("gained 1");
    assertThat(table.view().leader()).contains("gw-a");
    assertThat(table.view().term()).isEqualTo(1);
  }

  @Test
  void liveLeaseIsNotTakenEvenByANodeWhoseClockIsMinutesAhead() throws SQLException {
    Node a = new Node("gw-a", 0);
    a.keeper.step();
    // gw-b's clock runs ten minutes ahead of gw-a's: by its own reckoning the lease is long over.
    Node b = new Node("gw-b", Duration.ofMinutes(10).toNanos());
    for (int i = 0; i < 5; i++) {
      b.advance(Duration.ofMinutes(10));
      b.keeper.step();
    }
    assertThat(b.keeper.term()).isEmpty();
    assertThat(b.told).isEmpty();
    a.keeper.step();
    assertThat(a.keeper.term()).isEqualTo(OptionalLong.of(1));
  }

  @Test
  void expiredLeaseIsTakenWithTheNextTermAndTheOldLeaderLearnsIt() throws SQLException {
    Node a = new Node("gw-a", 0);
    Node b = new Node("gw-b", 0);
    a.keeper.step();
    b.keeper.step();
    assertThat(b.keeper.term()).isEmpty();

    db.expireLease();
    b.keeper.step();
    assertThat(b.keeper.term()).isEqualTo(OptionalLong.of(2));
    a.keeper.step(); // its renewal finds the lease moved on
    assertThat(a.keeper.term()).isEmpty();
    assertThat(a.told).containsExactly("gained 1", "lost 1: the lease expired or was taken");
    assertThat(table.view().leader()).contains("gw-b");
  }

  @Test
  void leaderThatCannotRenewStepsDownAFifthOfTheLeaseBeforeItCouldExpire() throws SQLException {
    Node a = new Node("gw-a", 0);
    Node b = new Node("gw-b", 0);
    a.keeper.step(); // sent at 0: the lease lasts at least until 5 s by gw-a's clock
    a.advance(Duration.ofMillis(3_999));
    assertThat(a.keeper.checkDeadline()).isFalse();
    a.advance(Duration.ofMillis(1));
    assertThat(a.keeper.checkDeadline()).isTrue();
    assertThat(a.told).containsExactly("gained 1", "lost 1: no renewal succeeded in time");
    // It stepped down while the lease is still live in the database: no one else leads yet.
    b.keeper.step();
    assertThat(b.keeper.term()).isEmpty();
  }

  @Test
  void eachRenewalMovesTheDeadlineFromTheTimeItWasSent() throws SQLException {
    Node a = new Node("gw-a", 0);
    a.keeper.step();
    a.advance(Duration.ofSeconds(3));
    a.keeper.step(); // renewed, sent at 3 s: deadline 7 s
    a.advance(Duration.ofMillis(3_999));
    assertThat(a.keeper.checkDeadline()).isFalse();
    a.advance(Duration.ofMillis(1));
    assertThat(a.keeper.checkDeadline()).isTrue();
  }

  @Test
  void leaderThatResignsLetsTheNextTakeOverAtOnce() throws SQLException {
    Node a = new Node("gw-a", 0);
    Node b = new Node("gw-b", 0);
    a.keeper.step();
    a.keeper.resign();
    b.keeper.step();
    assertThat(b.keeper.term()).isEqualTo(OptionalLong.of(2));
    assertThat(a.told).containsExactly("gained 1", "lost 1: this node is stopping");
  }

  @Test
  void nodeWhoseNameWasTakenOverNeverLeadsAgain() throws SQLException {
    Node a = new Node("gw-a", 0);
    a.keeper.step();
    db.sql("UPDATE cluster_nodes SET last_seen = now() - INTERVAL '1 minute'");
    NodeIdentity successor = NodeIdentity.start("gw-a", URI.create("http://gw-a:8080"));
    assertThat(table.register(successor)).isEmpty();
    a.keeper.step();
    assertThat(a.keeper.replaced()).isTrue();
    assertThat(a.keeper.term()).isEmpty();
    db.expireLease();
    a.keeper.step();
    assertThat(a.keeper.term()).isEmpty();
  }

  @Test
  void registeringANameHeldByAFreshHeartbeatReturnsItsHolder() throws SQLException {
    new Node("gw-a", 0);
    NodeIdentity twin = NodeIdentity.start("gw-a", URI.create("http://elsewhere:8080"));
    assertThat(table.register(twin)).hasValueSatisfying(row -> {
      assertThat(row.advertiseUrl()).isEqualTo(URI.create("http://gw-a:8080"));
      assertThat(row.millisSinceSeen()).isLessThan(LEASE.toMillis());
    });
    db.sql("UPDATE cluster_nodes SET last_seen = now() - INTERVAL '6 seconds'");
    assertThat(table.register(twin)).isEmpty(); // a predecessor that died: its name is free
  }
}
