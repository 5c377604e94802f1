package dev.switchboard.core.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Deliveries;
import dev.switchboard.core.store.OutboxEntry;
import dev.switchboard.core.store.Presence;
import dev.switchboard.core.store.StaleTermException;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leader-only writes carry their term, and the database refuses them once the lease moved on. */
class FencedWritesTest {

  @TempDir
  Path dir;

  private ClusterSchemaFixture db;
  private Stores stores;
  private LeaseTable table;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");

  @BeforeEach
  void open() throws SQLException {
    db = ClusterSchemaFixture.create();
    stores = Stores.open(db.storage(dir), clock, meters);
    db.migrate(); // after the store's own migrations, as the gateway does
    table = new LeaseTable(db.source, Duration.ofSeconds(5));
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

  @Test
  void deposedLeadersRouterAndOutboxWritesAreRefusedByTheDatabase() throws SQLException {
    ConversationStore store = stores.conversations();
    Conversation c = store.ingestDetailed(InboundMessage.builder(Channel.SMS, Identity.phone("+15550002222"), "SM1",
        "+15550001111|+15550002222").text("hello").receivedAt(clock.instant()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join().conversation();

    NodeIdentity a = NodeIdentity.start("gw-a", URI.create("http://gw-a:8080"));
    NodeIdentity b = NodeIdentity.start("gw-b", URI.create("http://gw-b:8080"));
    long termA = table.tryAcquire(a).orElseThrow();
    ConversationStore asA = store.fencedAt(termA);
    assertThat(await(asA.saveConversation(tier(c, "vip"))).tier()).isEqualTo("vip");

    db.expireLease();
    long termB = table.tryAcquire(b).orElseThrow();
    assertThat(termB).isEqualTo(termA + 1);

    assertThatThrownBy(() -> await(asA.saveConversation(tier(c, "basic"))))
        .hasCauseInstanceOf(StaleTermException.class)
        .hasMessageContaining("saveConversation refused: issued under lease term 1, the lease is at term 2");
    assertThatThrownBy(() -> await(asA.deliveries().reclaimInterruptedSends(clock.instant())))
        .hasCauseInstanceOf(StaleTermException.class);
    assertThatThrownBy(() -> await(asA.deliveries().hurryPendingOutbox(Channel.SMS, clock.instant(), 1)))
        .hasCauseInstanceOf(StaleTermException.class);
    assertThat(await(store.conversation(c.id())).orElseThrow().tier()).isEqualTo("vip");

    ConversationStore asB = store.fencedAt(termB);
    assertThat(await(asB.saveConversation(tier(c, "standard"))).tier()).isEqualTo("standard");
    assertThat(meters.counter("switchboard.cluster.fenced", "operation", "saveConversation").count()).isEqualTo(1);
    assertThat(meters.counter("switchboard.cluster.fenced", "operation", "hurryPendingOutbox").count()).isEqualTo(1);
    // Writes anyone may make (a customer's message on any node) carry no term.
    assertThat(await(asA.ingest(InboundMessage.builder(Channel.SMS, Identity.phone("+15550002222"), "SM2",
        "+15550001111|+15550002222").text("still there?").receivedAt(clock.instant()).build()))).isNotNull();
  }

  /**
   * A facet of a fenced store carries the store's fence, taken before the term moved on or after: the
   * outbox's writes through {@code deliveries()} are refused, its reads and anyone's writes are not.
   */
  @Test
  void aFencedStoresFacetsRefuseTheirLeaderOnlyWritesOnceTheTermMovesOn() throws SQLException {
    ConversationStore store = stores.conversations();
    Conversation c = await(store.ingestDetailed(InboundMessage.builder(Channel.SMS, Identity.phone("+15550004444"),
        "SM20", "+15550001111|+15550004444").text("hello").receivedAt(clock.instant()).build())).conversation();
    Message reply = await(store.appendAgentMessage(c.id(), Direction.OUT, "alice", "hi", "r1"));
    NodeIdentity a = NodeIdentity.start("gw-a", URI.create("http://gw-a:8080"));
    long termA = table.tryAcquire(a).orElseThrow();
    Deliveries asA = store.fencedAt(termA).deliveries();
    OutboxEntry read = new OutboxEntry(reply.id(), c.id(), 0, clock.instant());
    assertThat(await(asA.deferOutbox(read, clock.instant(), clock.instant()))).isTrue(); // still due

    db.expireLease();
    table.tryAcquire(NodeIdentity.start("gw-b", URI.create("http://gw-b:8080"))).orElseThrow();

    assertThatThrownBy(() -> await(asA.recordAttempt(reply.id(), DeliveryStatus.SENT, null, "SM-out-1", 1, null)))
        .hasCauseInstanceOf(StaleTermException.class)
        .hasMessageContaining("recordAttempt refused");
    assertThatThrownBy(() -> await(store.fencedAt(termA).deliveries().deferOutbox(read, clock.instant(),
        clock.instant().plusSeconds(1))))
        .hasCauseInstanceOf(StaleTermException.class)
        .hasMessageContaining("deferOutbox refused");
    assertThat(meters.counter("switchboard.cluster.fenced", "operation", "recordAttempt").count()).isEqualTo(1);
    assertThat(meters.counter("switchboard.cluster.fenced", "operation", "deferOutbox").count()).isEqualTo(1);
    assertThatThrownBy(() -> await(asA.claimOutbox(read, clock.instant(), clock.instant().plusSeconds(62))))
        .hasCauseInstanceOf(StaleTermException.class)
        .hasMessageContaining("claimOutbox refused");
    assertThatThrownBy(() -> await(asA.releaseClaim(read, clock.instant().plusSeconds(62), reply)))
        .hasCauseInstanceOf(StaleTermException.class)
        .hasMessageContaining("releaseClaim refused");
    assertThat(await(store.message(reply.id())).orElseThrow().delivery()).isEqualTo(DeliveryStatus.QUEUED);
    assertThat(await(asA.dueOutbox(clock.instant(), Channel.SMS, 10)))
        .anyMatch(e -> e.messageId().equals(reply.id()));
    assertThat(await(asA.updateDelivery(Channel.SMS, "SM-unknown-20", DeliveryStatus.DELIVERED, null))).isEmpty();
  }

  /**
   * Presence stretches are the router's, so the leader's: a deposed leader's router can neither end the
   * stretches the next leader's router keeps open nor open one of its own; the next leader's writes pass.
   */
  @Test
  void aDeposedLeadersPresenceWritesAreRefusedAndTheNextLeadersPass() throws SQLException {
    ConversationStore store = stores.conversations();
    long termA = table.tryAcquire(NodeIdentity.start("gw-a", URI.create("http://gw-a:8080"))).orElseThrow();
    Presence asA = store.fencedAt(termA).presence();
    await(asA.record("alice", true, clock.instant()));

    db.expireLease();
    long termB = table.tryAcquire(NodeIdentity.start("gw-b", URI.create("http://gw-b:8080"))).orElseThrow();
    Presence asB = store.fencedAt(termB).presence();
    assertThat(await(asB.endAll(clock.instant()))).isEqualTo(1); // the new router starts: alice's stretch ends
    await(asB.record("bob", true, clock.instant()));

    assertThatThrownBy(() -> await(asA.endAll(clock.instant())))
        .hasCauseInstanceOf(StaleTermException.class)
        .hasMessageContaining("endAvailability refused: issued under lease term 1, the lease is at term 2");
    assertThatThrownBy(() -> await(asA.record("carol", true, clock.instant())))
        .hasCauseInstanceOf(StaleTermException.class);
    assertThat(meters.counter("switchboard.cluster.fenced", "operation", "endAvailability").count()).isEqualTo(1);
    assertThat(meters.counter("switchboard.cluster.fenced", "operation", "recordAvailability").count()).isEqualTo(1);
    // bob's stretch, opened by the leader, is still open: the deposed leader's endAll did not end it.
    assertThat(await(asB.endAll(clock.instant()))).isEqualTo(1);
  }

  /**
   * The lease flapped under load while every fenced write held the lease row until its commit: the
   * renewal waited behind slow group commits past its statement timeout. Now a fenced write holds the term
   * row only, so renewals go through while one is held open for longer than half the lease; a takeover
   * still waits for it, and afterwards the deposed term's writes are refused.
   */
  @Test
  void aFencedWriteHeldOpenDoesNotStopRenewalsButATakeoverWaitsForIt() throws Exception {
    Duration lease = Duration.ofSeconds(2); // statements time out at 1 s
    LeaseTable table = new LeaseTable(db.source, lease);
    ConversationStore store = stores.conversations();
    Conversation c = await(store.ingestDetailed(InboundMessage.builder(Channel.SMS, Identity.phone("+15550003333"),
        "SM9", "+15550001111|+15550003333").text("hello").receivedAt(clock.instant()).build())).conversation();
    NodeIdentity a = NodeIdentity.start("gw-a", URI.create("http://gw-a:8080"));
    NodeIdentity b = NodeIdentity.start("gw-b", URI.create("http://gw-b:8080"));
    long termA = table.tryAcquire(a).orElseThrow();
    ConversationStore asA = store.fencedAt(termA);

    CompletableFuture<Conversation> held;
    CompletableFuture<OptionalLong> takeover;
    try (Connection blocker = db.source.getConnection()) {
      int holder = backendPid(blocker); // other tests may share the server: watch only what waits for this one
      blocker.setAutoCommit(false);
      try (PreparedStatement s = blocker.prepareStatement("SELECT id FROM conversations WHERE id = ? FOR UPDATE")) {
        s.setString(1, c.id().value());
        s.executeQuery().close();
      }
      // Passes its fence check (the term row FOR SHARE), then waits on the row the blocker holds.
      held = asA.saveConversation(tier(c, "vip")).toCompletableFuture();
      await().atMost(Duration.ofSeconds(10)).until(() -> waitsFor(holder, "UPDATE conversations"));

      long start = System.nanoTime();
      while (System.nanoTime() - start < lease.toNanos()) { // longer than the statement timeout of T/2
        long sent = System.nanoTime();
        assertThat(table.renew(a, termA)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(lease.dividedBy(4));
        Thread.sleep(100);
      }
      assertThat(held).isNotDone();

      db.expireLease();
      takeover = CompletableFuture.supplyAsync(() -> {
        try {
          return new LeaseTable(db.source, Duration.ofSeconds(20)).tryAcquire(b); // a patient takeover
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> waitsFor(holder, "UPDATE cluster_term"));
      assertThat(takeover).isNotDone();
      blocker.rollback();
    }

    // The write in flight committed under term A, before term B existed; B took over only then.
    assertThat(held.get(10, SECONDS).tier()).isEqualTo("vip");
    assertThat(takeover.get(10, SECONDS)).hasValue(termA + 1);
    assertThatThrownBy(() -> await(asA.saveConversation(tier(c, "basic"))))
        .hasCauseInstanceOf(StaleTermException.class);
    assertThat(table.renew(a, termA)).isFalse();
    assertThat(await(store.conversation(c.id())).orElseThrow().tier()).isEqualTo("vip");
  }

  /** Whether a session running {@code query…} waits for {@code holder}'s locks, directly or behind one waiter. */
  private boolean waitsFor(int holder, String query) throws SQLException {
    try (Connection c = db.source.getConnection(); PreparedStatement s = c.prepareStatement("""
        SELECT count(*) FROM pg_stat_activity a WHERE a.query LIKE ? AND (? = ANY (pg_blocking_pids(a.pid))
          OR EXISTS (SELECT 1 FROM unnest(pg_blocking_pids(a.pid)) w WHERE ? = ANY (pg_blocking_pids(w))))""")) {
      s.setString(1, query + "%");
      s.setInt(2, holder);
      s.setInt(3, holder);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  private static int backendPid(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Conversation tier(Conversation c, String tier) {
    return c.toBuilder().tier(tier).build();
  }
}
