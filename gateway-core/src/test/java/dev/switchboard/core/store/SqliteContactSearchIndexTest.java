package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreCounts.count;
import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite indexes a new sender's contact name and identity for search after the ingest commits, through the
 * search queue that messages use (V16, {@link SearchIndexer}): the ingest writes the contact and identity
 * rows and a queue row each, no FTS5 row; a conversation search still finds them at once, and a backlog left
 * by a stop is indexed after the restart. "Paused" stores never look at the queue on their own.
 */
class SqliteContactSearchIndexTest {

  private static final SearchIndexPolicy PAUSED = new SearchIndexPolicy(Duration.ofDays(1), 5_000);

  @TempDir
  Path dir;

  private Stores open(SearchIndexPolicy policy) {
    return Stores.open(TestStores.sqliteConfig(dir), MutableClock.startingAt("2026-01-05T10:00:00Z"),
        new SimpleMeterRegistry(), policy);
  }

  @Test
  void aNewSendersFirstMessageQueuesItsNameAndAddressInsteadOfIndexingThem() {
    try (Stores stores = open(PAUSED)) {
      String from = Inbound.address();
      ingest(stores, from, "Ada " + SearchContract.word());
      ContactId contact = contactOf(stores, from);

      assertThat(count(stores, "SELECT count(*) FROM search_queue WHERE source = 'CONTACT_NAME' AND row_key = ?",
          contact.value())).isEqualTo(1);
      assertThat(count(stores, "SELECT count(*) FROM search_queue WHERE source = 'IDENTITY' AND kind = 'EMAIL' "
          + "AND row_key = ?", from)).isEqualTo(1);
      assertThat(namesIndexed(stores, contact)).isZero();
      assertThat(addressesIndexed(stores, from)).isZero();
    }
  }

  @Test
  void aSearchRightAfterTheIngestFindsTheNewSenderByNameAndAddress() {
    try (Stores stores = open(PAUSED)) {
      String from = Inbound.address();
      String name = SearchContract.word();
      IngestResult r = ingest(stores, from, "Ada " + name);

      assertThat(found(stores, name)).containsExactly(r.conversationId());
      assertThat(found(stores, from)).containsExactly(r.conversationId());
      // The contact directory reads contacts and identities themselves, never the index.
      assertThat(await(stores.contacts().search(new ContactQuery(name, null, 10))).contacts())
          .extracting(Contact::id).containsExactly(contactOf(stores, from));
      assertThat(count(stores, "SELECT count(*) FROM search_queue WHERE row_key <> ?", "")).isZero();
      assertThat(namesIndexed(stores, contactOf(stores, from))).isEqualTo(1);
      assertThat(addressesIndexed(stores, from)).isEqualTo(1);
    }
  }

  @Test
  void aNewSenderQueuedBeforeARestartIsIndexedAfterIt() {
    String from = Inbound.address();
    String name = SearchContract.word();
    IngestResult r;
    try (Stores stores = open(PAUSED)) {
      r = ingest(stores, from, "Ada " + name);
    }
    try (Stores stores = open(new SearchIndexPolicy(Duration.ofMillis(20), 5_000))) {
      ContactId contact = contactOf(stores, from);
      // No search: the indexer's own look after the start takes the backlog in.
      await().atMost(Duration.ofSeconds(20)).until(() -> namesIndexed(stores, contact) == 1
          && addressesIndexed(stores, from) == 1);
      assertThat(found(stores, name)).containsExactly(r.conversationId());
    }
  }

  @Test
  void aKnownSendersNextMessageQueuesNoContactOrIdentity() {
    try (Stores stores = open(PAUSED)) {
      String from = Inbound.address();
      ingest(stores, from, "Ada " + SearchContract.word());
      ingest(stores, from, "Ada " + SearchContract.word());

      assertThat(count(stores, "SELECT count(*) FROM search_queue WHERE source IN ('CONTACT_NAME', ?)", "IDENTITY"))
          .isEqualTo(2);
      // Messages are not queued (V21): both wait past the mark.
      assertThat(count(stores, "SELECT count(*) FROM search_queue WHERE source = ?", "MESSAGE")).isZero();
      assertThat(count(stores, "SELECT count(*) FROM messages WHERE rowid > (SELECT through FROM message_search_mark) "
          + "AND channel = ?", "EMAIL")).isEqualTo(2);
    }
  }

  @Test
  void aMessageQueuedUnderV15IsIndexedAfterTheUpgrade() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("switchboard.db");
    OldSchemas.migrateBelow(url, Database.Vendor.SQLITE, "16");
    String word = SearchContract.word();
    OldSchemas.OldMessage old = OldSchemas.insertSmsMessage(url, "V15", "Old customer", "queued " + word);
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(countIn(c, "SELECT count(*) FROM message_search_queue")).isEqualTo(1);
    }
    try (Stores stores = open(PAUSED)) {
      assertThat(count(stores, "SELECT count(*) FROM search_queue WHERE source = 'MESSAGE' AND row_key = ?",
          old.messageId())).isEqualTo(1);
      assertThat(found(stores, word)).containsExactly(new ConversationId(old.conversationId()));
      assertThat(count(stores, "SELECT count(*) FROM message_search WHERE message_id = ?",
          old.messageId())).isEqualTo(1); // from the queue, not also past the mark of V21
      // The contact stored under V15 was indexed by V5's trigger then, and is found once.
      assertThat(found(stores, "old customer")).containsExactly(new ConversationId(old.conversationId()));
    }
  }

  private static IngestResult ingest(Stores stores, String from, String name) {
    return await(stores.conversations().ingest(Inbound.email(from, Inbound.messageId()).senderName(name).build()));
  }

  private static ContactId contactOf(Stores stores, String address) {
    return await(stores.contacts().byIdentity(Identity.email(address))).orElseThrow().id();
  }

  private static List<ConversationId> found(Stores stores, String q) {
    return await(stores.conversations().search(new SearchQuery(SearchTerms.parse(q), SearchScope.everything(), 20)))
        .stream().map(h -> h.conversation().id()).toList();
  }

  private static long namesIndexed(Stores stores, ContactId contact) {
    return count(stores, "SELECT count(*) FROM contact_search WHERE contact_id = ?", contact.value());
  }

  private static long addressesIndexed(Stores stores, String address) {
    return count(stores, "SELECT count(*) FROM identity_search WHERE kind = 'EMAIL' AND address = ?", address);
  }

  private static long countIn(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
