package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreCounts.count;
import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite indexes messages for search after their commit (those past the mark of V21, the rows of the search
 * queue of V16 and V17, {@link SearchIndexer}), and a search still sees every committed message. Each test
 * mail comes from a new sender in a new conversation, so it queues its contact's name and identity ({@link
 * SqliteContactSearchIndexTest}) and its subject ({@link SqliteSubjectSearchIndexTest}) too. "Paused"
 * stores never look on their own, so a message waits until a search or a restart with looks brings it in.
 */
class SqliteSearchIndexTest {

  private static final SearchIndexPolicy PAUSED = new SearchIndexPolicy(Duration.ofDays(1), 5_000);

  @TempDir
  Path dir;

  /** The meters of the store opened last (a registry keeps the first gauge registered under a name). */
  private SimpleMeterRegistry meters;

  private Stores open(SearchIndexPolicy policy) {
    meters = new SimpleMeterRegistry();
    return Stores.open(TestStores.sqliteConfig(dir), MutableClock.startingAt("2026-01-05T10:00:00Z"), meters, policy);
  }

  /** Holds the store's writer until {@code release}: every write submitted meanwhile queues behind it. */
  private static CompletableFuture<Boolean> hold(Stores stores, CountDownLatch release) {
    return stores.write(c -> {
      try {
        return release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  @Test
  void aStoredMessageNotYetIndexedIsFoundBySearch() {
    try (Stores stores = open(PAUSED)) {
      String w = SearchContract.word();
      IngestResult r = ingest(stores, "My parcel " + w + " never came");
      assertThat(waiting(stores, r.messageId())).isEqualTo(1);
      assertThat(indexed(stores, r.messageId())).isZero();

      assertThat(found(stores, w)).containsExactly(r.conversationId());
      assertThat(waiting(stores, r.messageId())).isZero();
      assertThat(indexed(stores, r.messageId())).isEqualTo(1);
    }
  }

  @Test
  void aMessageQueuedBeforeARestartIsIndexedAfterIt() {
    String w = SearchContract.word();
    IngestResult r;
    try (Stores stores = open(PAUSED)) {
      r = ingest(stores, "Refund " + w + " please");
    }
    try (Stores stores = open(new SearchIndexPolicy(Duration.ofMillis(20), 5_000))) {
      // No search: the indexer's own look after the start takes it in.
      await().atMost(Duration.ofSeconds(20)).until(() -> indexed(stores, r.messageId()) == 1);
      assertThat(waiting(stores, r.messageId())).isZero();
      assertThat(found(stores, w)).containsExactly(r.conversationId());
    }
  }

  @Test
  void aBacklogWaitsForTheGatewaysStartWhileSearchesStillFindIt() {
    try (Stores stores = open(new SearchIndexPolicy(Duration.ofMillis(20), 5_000))) {
      CompletableFuture<Void> started = new CompletableFuture<>();
      stores.catchUpSearchIndexAfter(started);
      String first = SearchContract.word();
      IngestResult before = ingest(stores, "Outage " + first);
      // Many periods go by, and no look takes it in while the start goes on.
      await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5))
          .until(() -> waiting(stores, before.messageId()) == 1);
      // A search does not wait for the start: it indexes what it needs.
      assertThat(found(stores, first)).containsExactly(before.conversationId());
      IngestResult during = ingest(stores, "Outage again " + SearchContract.word());
      await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5))
          .until(() -> waiting(stores, during.messageId()) == 1);

      started.complete(null);
      await().atMost(Duration.ofSeconds(20)).until(() -> indexed(stores, during.messageId()) == 1);
      assertThat(waiting(stores, during.messageId())).isZero();
    }
  }

  @Test
  void aQueuedMessageIsFoundBySearchAfterARestart() {
    String w = SearchContract.word();
    IngestResult r;
    try (Stores stores = open(PAUSED)) {
      r = ingest(stores, "Refund " + w + " please");
    }
    try (Stores stores = open(PAUSED)) {
      assertThat(waiting(stores, r.messageId())).isEqualTo(1);
      assertThat(found(stores, w)).containsExactly(r.conversationId());
    }
  }

  @Test
  void aMessageChangedWhileQueuedIsIndexedOnceWithItsNewText() {
    try (Stores stores = open(PAUSED)) {
      String before = SearchContract.word();
      String after = SearchContract.word();
      IngestResult r = ingest(stores, "Broken " + before);
      setBody(stores, r.messageId(), "Fixed " + after);

      assertThat(found(stores, before)).isEmpty();
      assertThat(found(stores, after)).containsExactly(r.conversationId());
      assertThat(indexed(stores, r.messageId())).isEqualTo(1);

      // Once indexed, a change re-indexes it at once (V5's way), still once.
      String later = SearchContract.word();
      setBody(stores, r.messageId(), "Again " + later);
      assertThat(indexed(stores, r.messageId())).isEqualTo(1);
      assertThat(found(stores, after)).isEmpty();
      assertThat(found(stores, later)).containsExactly(r.conversationId());
    }
  }

  @Test
  void aMessageDeletedWhileQueuedIsNeverIndexed() {
    try (Stores stores = open(PAUSED)) {
      String w = SearchContract.word();
      IngestResult r = ingest(stores, "Gone " + w);
      await(stores.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM messages WHERE id = ?")) {
          ps.setString(1, r.messageId().value());
          return ps.executeUpdate();
        }
      }));

      assertThat(found(stores, w)).isEmpty();
      assertThat(waiting(stores, r.messageId())).isZero();
      assertThat(indexed(stores, r.messageId())).isZero();
    }
  }

  @Test
  void aMessageStoredAfterTheLastOneWasDeletedIsStillIndexed() {
    try (Stores stores = open(PAUSED)) {
      String w = SearchContract.word();
      ingest(stores, "Kept " + w);
      IngestResult top = ingest(stores, "Deleted " + w);
      assertThat(found(stores, w)).hasSize(2); // both indexed: the mark is at the last message
      await(stores.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM messages WHERE id = ?")) {
          ps.setString(1, top.messageId().value());
          return ps.executeUpdate();
        }
      }));
      // SQLite gives the next message the deleted one's rowid (the largest + 1): it must not pass for indexed.
      String other = SearchContract.word();
      IngestResult next = ingest(stores, "Next " + other);
      assertThat(waiting(stores, next.messageId())).isEqualTo(1);

      assertThat(found(stores, other)).containsExactly(next.conversationId());
      assertThat(indexed(stores, next.messageId())).isEqualTo(1);
    }
  }

  @Test
  void aMessageQueuedBeforeV21IsIndexedOnceFromTheQueue() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("switchboard.db");
    OldSchemas.migrateBelow(url, Database.Vendor.SQLITE, "21");
    String word = SearchContract.word();
    OldSchemas.OldMessage queued = OldSchemas.insertSmsMessage(url, "V20", null, "queued " + word);
    try (Stores stores = open(PAUSED)) {
      MessageId old = new MessageId(queued.messageId());
      assertThat(count(stores, "SELECT count(*) FROM search_queue WHERE source = 'MESSAGE' AND row_key = ?",
          old.value())).isEqualTo(1);
      // The mark starts at the last message stored: the queued one is not also past it.
      assertThat(count(stores, "SELECT through FROM message_search_mark")).isEqualTo(1);
      String later = SearchContract.word();
      IngestResult next = ingest(stores, "Later " + later);
      assertThat(waiting(stores, next.messageId())).isEqualTo(1);

      assertThat(found(stores, word)).containsExactly(new ConversationId(queued.conversationId()));
      assertThat(found(stores, later)).containsExactly(next.conversationId());
      assertThat(indexed(stores, old)).isEqualTo(1);
      assertThat(indexed(stores, next.messageId())).isEqualTo(1);
      assertThat(waitingRows(stores)).isZero();
    }
  }

  @Test
  void theIndexLagsBehindASurgeThenCatchesUpInBoundedBatches() throws Exception {
    try (Stores stores = open(new SearchIndexPolicy(Duration.ofMillis(20), 100))) {
      String w = SearchContract.word();
      CountDownLatch release = new CountDownLatch(1);
      // A busy writer: everything below queues behind this write until it is released.
      CompletableFuture<Boolean> held = hold(stores, release);
      List<CompletableFuture<?>> ingests = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        ingests.add(stores.conversations().ingest(Inbound.email(Inbound.address(), Inbound.messageId())
            .text("Surge " + w + " number " + i).build()).toCompletableFuture());
      }
      // Queued behind the surge, before any pass: the writer's view when the last message is committed.
      CompletableFuture<Long> lagAtEnd = stores.write(c -> {
        try (PreparedStatement ps = c.prepareStatement(WAITING_ROWS);
            ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      });
      release.countDown();
      assertThat(await(held)).isTrue();
      await(CompletableFuture.allOf(ingests.toArray(CompletableFuture[]::new)));
      // Intake went first: the surge was committed without its index work (each mail a new sender in a new
      // conversation: its subject, contact name and identity queued, its message past the mark).
      assertThat(await(lagAtEnd)).isEqualTo(4_000);

      await().atMost(Duration.ofSeconds(30)).until(() -> waitingRows(stores) == 0);
      await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
      DistributionSummary batch = meters.get("switchboard.search.index.batch").summary();
      assertThat(batch.totalAmount()).isEqualTo(4_000);
      assertThat(batch.max()).isLessThanOrEqualTo(100);
      assertThat(batch.count()).isGreaterThanOrEqualTo(40);
      assertThat(found(stores, w)).hasSize(20); // the search's limit
    }
  }

  @Test
  void anIngestNeverCommitsInTheTransactionOfAnIndexPass() throws Exception {
    try (Stores stores = open(PAUSED)) {
      String w = SearchContract.word();
      ingest(stores, "Before the pass " + w);
      DistributionSummary batches = meters.get("switchboard.store.batch.size").summary();
      long before = batches.count();
      double rowsBefore = batches.totalAmount();
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Boolean> held = hold(stores, release);
      CompletableFuture<List<SearchHit>> search = stores.conversations()
          .search(new SearchQuery(SearchTerms.parse(w), SearchScope.everything(), 20)).toCompletableFuture();
      // The search's pass queues behind the held write; the ingests come after it.
      await().atMost(Duration.ofSeconds(20)).until(() -> queueDepth() == 1);
      List<CompletableFuture<?>> after = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        after.add(stores.conversations().ingest(Inbound.email(Inbound.address(), Inbound.messageId())
            .text("After the pass " + i).build()).toCompletableFuture());
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> queueDepth() == 4);
      release.countDown();
      assertThat(await(held)).isTrue();
      await(CompletableFuture.allOf(after.toArray(CompletableFuture[]::new)));

      assertThat(await(search)).hasSize(1);
      // held | the pass, alone | the three ingests together
      assertThat(batches.count() - before).isEqualTo(3);
      assertThat(batches.totalAmount() - rowsBefore).isEqualTo(5);
      // The pass indexed the first mail's message, subject, contact name and identity.
      assertThat(meters.get("switchboard.search.index.batch").summary().totalAmount()).isEqualTo(4);
    }
  }

  private double queueDepth() {
    return meters.get("switchboard.store.queue.depth").gauge().value();
  }

  @Test
  void thePendingGaugeCountsTheQueueAsOfTheLastLook() {
    try (Stores stores = open(PAUSED)) {
      ingest(stores, "One");
      ingest(stores, "Two");
      ingest(stores, "Three");
    }
    try (Stores stores = open(new SearchIndexPolicy(Duration.ofMillis(20), 1))) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Boolean> held = hold(stores, release); // the look sees the queue; its pass waits
      await().atMost(Duration.ofSeconds(20)).until(() -> pending() == 12); // three new senders' four rows each
      release.countDown();
      assertThat(await(held)).isTrue();

      await().atMost(Duration.ofSeconds(20)).until(() -> pending() == 0);
      assertThat(waitingRows(stores)).isZero();
      DistributionSummary batch = meters.get("switchboard.search.index.batch").summary();
      assertThat(batch.count()).isEqualTo(12); // one row a pass, passes on at once while no write waits
      assertThat(batch.totalAmount()).isEqualTo(12);
    }
  }

  private double pending() {
    return meters.get("switchboard.search.index.pending").gauge().value();
  }

  private static IngestResult ingest(Stores stores, String text) {
    return await(stores.conversations().ingest(Inbound.email(Inbound.address(), Inbound.messageId()).text(text).build()));
  }

  private static List<ConversationId> found(Stores stores, String q) {
    return await(stores.conversations().search(new SearchQuery(SearchTerms.parse(q), SearchScope.everything(), 20)))
        .stream().map(h -> h.conversation().id()).toList();
  }

  private static void setBody(Stores stores, MessageId id, String body) {
    await(stores.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET body = ? WHERE id = ?")) {
        ps.setString(1, body);
        ps.setString(2, id.value());
        return ps.executeUpdate();
      }
    }));
  }

  /** 1 while the message is not yet indexed: past the mark, or queued from before V21. */
  private static long waiting(Stores stores, MessageId id) {
    return count(stores, "SELECT count(*) FROM messages m WHERE m.id = ? AND (m.rowid > (SELECT through FROM "
        + "message_search_mark) OR EXISTS (SELECT 1 FROM search_queue q WHERE q.source = 'MESSAGE' "
        + "AND q.row_key = m.id))", id.value());
  }

  private static long indexed(Stores stores, MessageId id) {
    return count(stores, "SELECT count(*) FROM message_search WHERE message_id = ?", id.value());
  }

  /** Rows not yet indexed: queued ones and messages past the mark. */
  private static long waitingRows(Stores stores) {
    return count(stores, WAITING_ROWS);
  }

  private static final String WAITING_ROWS = "SELECT (SELECT count(*) FROM search_queue) "
      + "+ (SELECT COALESCE(max(rowid), 0) FROM messages) - (SELECT through FROM message_search_mark)";
}
