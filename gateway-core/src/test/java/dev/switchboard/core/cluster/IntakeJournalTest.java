package dev.switchboard.core.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * An ingest writes its events for the other nodes in its own transaction: they are in {@code cluster_events}
 * exactly when the message is stored, with no relay thread in between, and each committed batch wakes the
 * other nodes at most once.
 */
class IntakeJournalTest {

  @TempDir
  Path dir;

  private ClusterSchemaFixture db;
  private Stores stores;
  private ClusterEvents relay;
  private ConversationStore intake;
  private final String node = "gw-" + UUID.randomUUID().toString().substring(0, 8);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
  private final AtomicInteger sids = new AtomicInteger();

  @BeforeEach
  void open() throws SQLException {
    db = ClusterSchemaFixture.create();
    stores = Stores.open(db.storage(dir), clock, meters);
    db.migrate();
    relay = ClusterEvents.start(db.source, node, new EventBus(), stores.conversations(), meters);
    intake = relay.intake();
  }

  @AfterEach
  void close() throws SQLException {
    if (relay != null) {
      relay.close();
    }
    if (stores != null) {
      stores.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void anIngestsEventsAreCommittedWithItAndADuplicateAddsNone() throws SQLException {
    String sid = nextSid();
    IngestResult first = await(intake.ingest(sms("+15550002222", sid, "my parcel is lost")));

    // Nothing was published on any bus: the rows can only come from the ingest's own transaction.
    assertThat(events(first.conversationId())).containsExactly("MESSAGE_ADDED", "CONVERSATION_QUEUED");

    await(intake.ingest(sms("+15550002222", sid, "my parcel is lost"))); // the provider's retry
    assertThat(events(first.conversationId())).containsExactly("MESSAGE_ADDED", "CONVERSATION_QUEUED");

    IngestResult more = await(intake.ingest(sms("+15550002222", nextSid(), "any news?")));
    assertThat(more.conversationId()).isEqualTo(first.conversationId());
    assertThat(events(first.conversationId())).containsExactly("MESSAGE_ADDED", "CONVERSATION_QUEUED",
        "MESSAGE_ADDED"); // already waiting: no new work
  }

  @Test
  void anIngestWhoseCommitFailsLeavesNeitherMessageNorEvents() throws SQLException {
    // Fails at COMMIT, after both the message and its events were written in the transaction.
    db.sql("""
        CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'commit refused (test fault)'; END $$""");
    db.sql("""
        CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON cluster_events
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()""");
    String sid = nextSid();

    assertThatThrownBy(() -> await(intake.ingest(sms("+15550003333", sid, "hello?"))))
        .hasMessageContaining("commit refused");
    assertThat(count("SELECT count(*) FROM messages")).isZero();
    assertThat(count("SELECT count(*) FROM cluster_events")).isZero();

    db.sql("DROP TRIGGER refuse_commit ON cluster_events");
    IngestResult stored = await(intake.ingest(sms("+15550003333", sid, "hello?")));
    assertThat(stored).isInstanceOf(IngestResult.Stored.class); // not a duplicate: nothing was kept before
    assertThat(events(stored.conversationId())).containsExactly("MESSAGE_ADDED", "CONVERSATION_QUEUED");
  }

  @Test
  void committedBatchesWakeTheOtherNodesAtMostOnceEach() throws Exception {
    try (Connection listener = db.source.getConnection()) {
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN " + EventWakeup.CHANNEL);
      }
      PGConnection pg = listener.unwrap(PGConnection.class);
      List<CompletableFuture<IngestResult>> burst = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        burst.add(intake.ingest(sms("+1555001" + String.format("%04d", i), nextSid(), "burst " + i))
            .toCompletableFuture());
      }
      CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).orTimeout(60, SECONDS).join();
      long batches = meters.get("switchboard.store.batch.size").summary().count();

      AtomicInteger ours = new AtomicInteger();
      // Other tests may share the database's channel: count only this node's wake-ups.
      await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(200)).until(() -> {
        PGNotification[] got = pg.getNotifications(100);
        if (got != null) {
          for (PGNotification n : got) {
            if (node.equals(n.getParameter())) {
              ours.incrementAndGet();
            }
          }
        }
        return ours.get() > 0 && (got == null || got.length == 0);
      });
      assertThat(count("SELECT count(*) FROM cluster_events WHERE kind = 'CONVERSATION_QUEUED'")).isEqualTo(300);
      assertThat(ours.get()).isBetween(1, (int) batches);
      System.out.printf("intake journal: 300 ingests in %d batches woke the other nodes %d times%n", batches,
          ours.get());
    }
  }

  private String nextSid() {
    return "SM" + node + "-" + sids.incrementAndGet();
  }

  private InboundMessage sms(String from, String sid, String text) {
    return InboundMessage.builder(Channel.SMS, Identity.phone(from), sid, "+15550001111|" + from).text(text)
        .receivedAt(clock.instant()).build();
  }

  private List<String> events(ConversationId conversation) throws SQLException {
    try (Connection c = db.source.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT kind, origin FROM cluster_events WHERE conversation_id = ? ORDER BY seq")) {
      s.setString(1, conversation.value());
      List<String> kinds = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          assertThat(rs.getString(2)).isEqualTo(node);
          kinds.add(rs.getString(1));
        }
      }
      return kinds;
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection c = db.source.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
