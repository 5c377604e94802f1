package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreCounts.count;
import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite indexes a conversation's subject for search after the ingest commits, through the search queue
 * (V17, {@link SearchIndexer}): an e-mail's first message writes a queue row for its subject, no FTS5 row;
 * a conversation search still finds it at once; a subject changed later is indexed again; a store upgraded
 * from V16 keeps its queued rows and finds the subjects it had indexed. "Paused" stores never look at the
 * queue on their own.
 */
class SqliteSubjectSearchIndexTest {

  private static final SearchIndexPolicy PAUSED = new SearchIndexPolicy(Duration.ofDays(1), 5_000);

  @TempDir
  Path dir;

  private Stores open() {
    return Stores.open(TestStores.sqliteConfig(dir), MutableClock.startingAt("2026-01-05T10:00:00Z"),
        new SimpleMeterRegistry(), PAUSED);
  }

  @Test
  void anEmailsFirstMessageQueuesItsSubjectInsteadOfIndexingIt() {
    try (Stores stores = open()) {
      String from = Inbound.address();
      String thread = Inbound.messageId();
      IngestResult first = ingest(stores, from, thread, "Printer " + SearchContract.word());

      assertThat(queued(stores, first.conversationId())).isEqualTo(1);
      assertThat(indexed(stores, first.conversationId())).isZero();

      // A reply in the thread writes no subject; an SMS conversation has none.
      await(stores.conversations().ingest(Inbound.reply(from, Inbound.messageId(), thread).build()));
      IngestResult sms = await(stores.conversations().ingest(Inbound.sms(Inbound.phone(), Inbound.token()).build()));
      assertThat(queued(stores, first.conversationId())).isEqualTo(1);
      assertThat(queued(stores, sms.conversationId())).isZero();
      assertThat(count(stores, "SELECT count(*) FROM search_queue WHERE source = ?", "SUBJECT")).isEqualTo(1);
    }
  }

  @Test
  void aSearchRightAfterTheIngestFindsTheConversationBySubject() {
    try (Stores stores = open()) {
      String word = SearchContract.word();
      IngestResult r = ingest(stores, Inbound.address(), Inbound.messageId(), "Printer " + word + " jammed");

      List<SearchHit> hits = search(stores, word);
      assertThat(hits).extracting(h -> h.conversation().id()).containsExactly(r.conversationId());
      assertThat(hits.get(0).matchedIn()).isEqualTo(SearchField.SUBJECT);
      assertThat(queued(stores, r.conversationId())).isZero();
      assertThat(indexed(stores, r.conversationId())).isEqualTo(1);
    }
  }

  @Test
  void aSubjectChangedWhileQueuedIsIndexedOnceWithItsNewTextAndAgainWhenItChangesLater() {
    try (Stores stores = open()) {
      String before = SearchContract.word();
      String after = SearchContract.word();
      IngestResult r = ingest(stores, Inbound.address(), Inbound.messageId(), "Broken " + before);
      setSubject(stores, r.conversationId(), "Fixed " + after);
      assertThat(indexed(stores, r.conversationId())).isZero(); // still queued: the indexer reads it as it is

      assertThat(found(stores, before)).isEmpty();
      assertThat(found(stores, after)).containsExactly(r.conversationId());
      assertThat(indexed(stores, r.conversationId())).isEqualTo(1);

      // Once indexed, a change re-indexes it at once, in the changing write: nothing is queued for it.
      String later = SearchContract.word();
      setSubject(stores, r.conversationId(), "Again " + later);
      assertThat(queued(stores, r.conversationId())).isZero();
      assertThat(count(stores, "SELECT count(*) FROM conversation_search WHERE conversation_search MATCH ?", later))
          .isEqualTo(1);
      assertThat(indexed(stores, r.conversationId())).isEqualTo(1);
      assertThat(found(stores, after)).isEmpty();
      assertThat(found(stores, later)).containsExactly(r.conversationId());
    }
  }

  @Test
  void aSubjectClearedWhileQueuedIsNeverIndexed() {
    try (Stores stores = open()) {
      String word = SearchContract.word();
      IngestResult r = ingest(stores, Inbound.address(), Inbound.messageId(), "Gone " + word);
      setSubject(stores, r.conversationId(), null);

      assertThat(found(stores, word)).isEmpty();
      assertThat(queued(stores, r.conversationId())).isZero();
      assertThat(indexed(stores, r.conversationId())).isZero();
    }
  }

  @Test
  void aStoreUpgradedFromV16KeepsItsQueueAndFindsTheSubjectsItIndexed() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("switchboard.db");
    OldSchemas.migrateBelow(url, Database.Vendor.SQLITE, "17");
    String subject = SearchContract.word();
    String body = SearchContract.word();
    ConversationId old = new ConversationId("01JV16CONVERSATION00000001");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO contacts (id, name, created_at, updated_at) "
          + "VALUES ('01JV16CONTACT0000000000001', 'Old customer', 1, 1)");
      // Under V16 the subject is indexed by the insert itself; the name and the message are queued.
      s.executeUpdate("INSERT INTO conversations (id, ref, contact_id, channel, thread_key, subject, status, skills, "
          + "created_at, updated_at) VALUES ('" + old.value() + "', 'V16V16', '01JV16CONTACT0000000000001', "
          + "'EMAIL', '<old@mail.example.com>', 'Invoice " + subject + "', 'ASSIGNED', '[]', 1, 1)");
      s.executeUpdate("INSERT INTO messages (id, conversation_id, channel, direction, external_id, body, automated, "
          + "delivery, created_at) VALUES ('01JV16MESSAGE0000000000001', '" + old.value() + "', 'EMAIL', 'IN', "
          + "'<old@mail.example.com>', 'queued " + body + "', FALSE, 'RECEIVED', 1)");
    }
    try (Stores stores = open()) {
      // The queue was rebuilt with its rows and their seq.
      assertThat(count(stores, "SELECT count(*) FROM search_queue WHERE seq = 1 AND source = 'CONTACT_NAME' "
          + "AND row_key = ?", "01JV16CONTACT0000000000001")).isEqualTo(1);
      assertThat(count(stores, "SELECT count(*) FROM search_queue WHERE seq = 2 AND source = 'MESSAGE' "
          + "AND row_key = ?", "01JV16MESSAGE0000000000001")).isEqualTo(1);
      assertThat(queued(stores, old)).isZero();

      assertThat(found(stores, subject)).containsExactly(old);
      assertThat(found(stores, body)).containsExactly(old);
      assertThat(found(stores, "old customer")).containsExactly(old);
      assertThat(indexed(stores, old)).isEqualTo(1);

      // New conversations queue their subject, and the queue still refuses a source it does not know.
      IngestResult r = ingest(stores, Inbound.address(), Inbound.messageId(), "New " + SearchContract.word());
      assertThat(queued(stores, r.conversationId())).isEqualTo(1);
      assertThat(count(stores, "SELECT max(seq) FROM search_queue WHERE source = ?", "SUBJECT"))
          .isGreaterThan(2);
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO search_queue (source, row_key) VALUES ('TAG', 'x')"))
          .isInstanceOf(SQLException.class).hasMessageContaining("CHECK");
    }
  }

  private static IngestResult ingest(Stores stores, String from, String messageId, String subject) {
    return await(stores.conversations().ingest(Inbound.email(from, messageId).subject(subject).build()));
  }

  private static List<SearchHit> search(Stores stores, String q) {
    return await(stores.conversations().search(new SearchQuery(SearchTerms.parse(q), SearchScope.everything(), 20)));
  }

  private static List<ConversationId> found(Stores stores, String q) {
    return search(stores, q).stream().map(h -> h.conversation().id()).toList();
  }

  private static void setSubject(Stores stores, ConversationId id, String subject) {
    await(stores.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE conversations SET subject = ? WHERE id = ?")) {
        ps.setString(1, subject);
        ps.setString(2, id.value());
        return ps.executeUpdate();
      }
    }));
  }

  private static long queued(Stores stores, ConversationId id) {
    return count(stores, "SELECT count(*) FROM search_queue WHERE source = 'SUBJECT' AND row_key = ?", id.value());
  }

  private static long indexed(Stores stores, ConversationId id) {
    return count(stores, "SELECT count(*) FROM conversation_search WHERE conversation_id = ?", id.value());
  }
}
