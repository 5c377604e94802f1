package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The SQL of SQLite's search queue (db/vendor/sqlite/V16__deferred_contact_search.sql, V17 for subjects):
 * the messages, conversation subjects, contact names and identities stored and not yet in their full-text
 * index, in the order they were stored. Every {@link SearchField} is a source of the queue.
 */
final class SearchQueueRows {

  /** The queue's first and last seq, or 0 and 0 when it is empty; its rows are first..last, no gaps. */
  record Bounds(long first, long last) {
    static final Bounds EMPTY = new Bounds(0, 0);

    long pending() {
      return last == 0 ? 0 : last - first + 1;
    }
  }

  /**
   * One pass of the indexer: {@code indexed} rows were put into the indexes, the queue's rows up to
   * {@code through} taken off it; {@code queuedThrough} was its last row when the pass began (0 when
   * empty), and {@code left} rows are still queued after it.
   */
  record Pass(int indexed, long through, long queuedThrough, Bounds left) {}

  /**
   * The insert that indexes the queued rows of {@code source} (the queue's {@code source} column holds its
   * name) with {@code seq <= ?}. A queued key that no longer names a row (deleted meanwhile) is dropped;
   * one queued twice is indexed once; the text is the row's as it is now.
   */
  private static String insert(SearchField source) {
    return switch (source) {
      case MESSAGE -> "INSERT INTO message_search (body, message_id, conversation_id) "
          + "SELECT substr(m.body, 1, 100000), m.id, m.conversation_id FROM messages m "
          + "WHERE m.id IN (SELECT row_key FROM search_queue WHERE seq <= ? AND source = 'MESSAGE')";
      case SUBJECT -> "INSERT INTO conversation_search (subject, conversation_id) SELECT v.subject, v.id "
          + "FROM conversations v "
          + "WHERE v.id IN (SELECT row_key FROM search_queue WHERE seq <= ? AND source = 'SUBJECT') "
          + "AND v.subject IS NOT NULL";
      case CONTACT_NAME -> "INSERT INTO contact_search (name, contact_id) SELECT c.name, c.id FROM contacts c "
          + "WHERE c.id IN (SELECT row_key FROM search_queue WHERE seq <= ? AND source = 'CONTACT_NAME') "
          + "AND c.name IS NOT NULL";
      case IDENTITY -> "INSERT INTO identity_search (address, kind) SELECT i.address, i.kind FROM identities i "
          + "WHERE (i.kind, i.address) IN (SELECT kind, row_key FROM search_queue "
          + "WHERE seq <= ? AND source = 'IDENTITY')";
    };
  }

  private SearchQueueRows() {}

  static Bounds bounds(Connection c) throws SQLException {
    // Two subqueries: SQLite answers a lone min() or max() on the rowid from the b-tree's ends.
    PreparedStatement ps = Statements.prepare(c,
        "SELECT (SELECT min(seq) FROM search_queue), (SELECT max(seq) FROM search_queue)");
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      long first = rs.getLong(1);
      return rs.wasNull() ? Bounds.EMPTY : new Bounds(first, rs.getLong(2));
    }
  }

  /**
   * Indexes the first {@code maxRows} queued rows, whatever their source, and takes them off the queue,
   * in the caller's transaction.
   */
  static Pass index(Connection c, int maxRows) throws SQLException {
    Bounds before = bounds(c);
    if (before.pending() == 0) {
      return new Pass(0, 0, 0, Bounds.EMPTY);
    }
    long through = Math.min(before.last(), before.first() + maxRows - 1);
    int indexed = 0;
    for (SearchField source : SearchField.values()) {
      PreparedStatement insert = Statements.prepare(c, insert(source));
      insert.setLong(1, through);
      indexed += insert.executeUpdate();
    }
    PreparedStatement delete = Statements.prepare(c, "DELETE FROM search_queue WHERE seq <= ?");
    delete.setLong(1, through);
    delete.executeUpdate();
    Bounds left = through == before.last() ? Bounds.EMPTY : new Bounds(through + 1, before.last());
    return new Pass(indexed, through, before.last(), left);
  }
}
