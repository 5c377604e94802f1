package dev.switchboard.bench.recovery;

import dev.switchboard.bench.Log;
import dev.switchboard.core.model.Ids;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fills a migrated SQLite store directly with SQL, in one transaction with batched inserts (the store API
 * writes one conversation per ingest, far too slow for a million): one contact with an e-mail identity,
 * one conversation and one inbound message per conversation. The newest {@code waiting} conversations
 * are queued (tier {@code standard}, due 15 minutes after they were queued); the rest are resolved.
 * With {@link ReportFacts} the resolved ones also carry what the reports read (see {@link ReportFacts}).
 * Every seeded row is then put into the full-text indexes, as a running gateway keeps them.
 */
public final class StoreSeeder {

  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int BATCH = 5_000;

  private StoreSeeder() {}

  static void seed(Path sqlite, int conversations, int waiting, long nowMillis) throws SQLException {
    seed(sqlite, conversations, waiting, nowMillis, false);
  }

  /**
   * As {@link #seed(Path, int, int, long)}; with {@code reportFacts} the resolved conversations are spread over
   * tiers, channels and agents, with response, resolution and handle times ({@link ReportFacts}).
   */
  public static void seed(Path sqlite, int conversations, int waiting, long nowMillis, boolean reportFacts)
      throws SQLException {
    if (waiting > conversations) {
      throw new IllegalArgumentException("waiting: " + waiting + " (expected: <= conversations " + conversations + ")");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA synchronous = OFF");
        s.execute("PRAGMA foreign_keys = OFF");
      }
      c.setAutoCommit(false);
      try (PreparedStatement contact = c.prepareStatement(
              "INSERT INTO contacts (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)");
          PreparedStatement identity = c.prepareStatement(
              "INSERT INTO identities (kind, address, contact_id, created_at) VALUES ('EMAIL', ?, ?, ?)");
          PreparedStatement conversation = c.prepareStatement("INSERT INTO conversations (id, ref, contact_id, "
              + "channel, thread_key, subject, status, tier, skills, queued_at, first_response_due, created_at, "
              + "updated_at) VALUES (?, ?, ?, 'EMAIL', ?, ?, ?, ?, '[]', ?, ?, ?, ?)");
          PreparedStatement message = c.prepareStatement("INSERT INTO messages (id, conversation_id, channel, "
              + "direction, external_id, subject, body, automated, delivery, received_at, created_at) "
              + "VALUES (?, ?, 'EMAIL', 'IN', ?, ?, ?, FALSE, 'RECEIVED', ?, ?)");
          PreparedStatement facts = c.prepareStatement(ReportFacts.UPDATE)) {
        long start = System.nanoTime();
        for (int i = 0; i < conversations; i++) {
          boolean queued = i >= conversations - waiting;
          // Spread creation over the last 30 days, oldest first.
          long created = nowMillis - (long) (conversations - i) * (30L * 24 * 3600 * 1000 / Math.max(1, conversations));
          String contactId = Ids.next();
          String conversationId = Ids.next();
          String address = "customer" + i + "@recovery.bench.test";
          String subject = "Question about order #" + i;

          contact.setString(1, contactId);
          contact.setString(2, "Customer " + i);
          contact.setLong(3, created);
          contact.setLong(4, created);
          contact.addBatch();

          identity.setString(1, address);
          identity.setString(2, contactId);
          identity.setLong(3, created);
          identity.addBatch();

          conversation.setString(1, conversationId);
          conversation.setString(2, ref(i));
          conversation.setString(3, contactId);
          conversation.setString(4, "<seed." + i + "@recovery.bench.test>");
          conversation.setString(5, subject);
          conversation.setString(6, queued ? "QUEUED" : "RESOLVED");
          if (queued) {
            conversation.setString(7, "standard");
            conversation.setLong(8, created);
            conversation.setLong(9, created + 15 * 60 * 1000);
          } else {
            conversation.setNull(7, java.sql.Types.VARCHAR);
            conversation.setNull(8, java.sql.Types.BIGINT);
            conversation.setNull(9, java.sql.Types.BIGINT);
          }
          conversation.setLong(10, created);
          conversation.setLong(11, created);
          conversation.addBatch();
          if (reportFacts && !queued) {
            ReportFacts.of(i, created).bind(facts, conversationId);
            facts.addBatch();
          }

          message.setString(1, Ids.next());
          message.setString(2, conversationId);
          message.setString(3, "<seed." + i + "@recovery.bench.test>");
          message.setString(4, subject);
          message.setString(5, "Hello, my order #" + i + " has not arrived yet. Could you check where it is?");
          message.setLong(6, created);
          message.setLong(7, created);
          message.addBatch();

          if ((i + 1) % BATCH == 0 || i == conversations - 1) {
            contact.executeBatch();
            identity.executeBatch();
            conversation.executeBatch();
            message.executeBatch();
            if (reportFacts) {
              facts.executeBatch();
            }
          }
          if ((i + 1) % 100_000 == 0) {
            Log.info("seeded %d of %d conversations (%.0f/s)", i + 1, conversations,
                (i + 1) / ((System.nanoTime() - start) / 1e9));
          }
        }
      }
      c.commit();
      indexForSearch(c);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        s.execute("ANALYZE");
      }
    }
  }

  /**
   * Puts every seeded row into SQLite's full-text indexes and empties the search queue, in one transaction,
   * so that the store is as a running gateway leaves it (its indexer keeps the queue near empty). The inserts
   * queued 3 rows a conversation (its subject, contact name and identity) and left its message past the search
   * mark; left so, a million conversations' store started with 4,000,000 rows for the indexer to catch up on.
   * The same bulk fill as V5's for rows stored before the index (db/vendor/sqlite/V5__search.sql).
   */
  private static void indexForSearch(Connection c) throws SQLException {
    long start = System.nanoTime();
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO message_search (body, message_id, conversation_id) "
          + "SELECT substr(body, 1, 100000), id, conversation_id FROM messages");
      s.execute("INSERT INTO conversation_search (subject, conversation_id) "
          + "SELECT subject, id FROM conversations WHERE subject IS NOT NULL");
      s.execute("INSERT INTO contact_search (name, contact_id) SELECT name, id FROM contacts WHERE name IS NOT NULL");
      s.execute("INSERT INTO identity_search (address, kind) SELECT address, kind FROM identities");
      s.execute("DELETE FROM search_queue");
      // Messages wait for the index by their rowid, past the mark (V21): every seeded one is indexed above.
      s.execute("UPDATE message_search_mark SET through = (SELECT COALESCE(max(rowid), 0) FROM messages)");
    }
    c.commit();
    Log.info("indexed the seeded rows for search in %.1f s", (System.nanoTime() - start) / 1e9);
  }

  /** A unique 6-character conversation ref for index {@code i} (Crockford base 32, 32^6 > 10^9). */
  public static String ref(int i) {
    char[] ref = new char[6];
    long v = i;
    for (int k = 5; k >= 0; k--) {
      ref[k] = CROCKFORD[(int) (v & 31)];
      v >>>= 5;
    }
    return new String(ref);
  }
}
