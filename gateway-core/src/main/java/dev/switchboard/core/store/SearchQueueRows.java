package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The SQL of SQLite's search queue (db/vendor/sqlite/V14__deferred_message_search.sql): the messages
 * stored and not yet in {@code message_search}, in the order they were stored.
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
   * One pass of the indexer: {@code indexed} messages were put into the index, the queue's rows up to
   * {@code through} taken off it; {@code queuedThrough} was its last row when the pass began (0 when
   * empty), and {@code left} rows are still queued after it.
   */
  record Pass(int indexed, long through, long queuedThrough, Bounds left) {}

  private SearchQueueRows() {}

  static Bounds bounds(Connection c) throws SQLException {
    // Two subqueries: SQLite answers a lone min() or max() on the rowid from the b-tree's ends.
    PreparedStatement ps = Statements.prepare(c,
        "SELECT (SELECT min(seq) FROM message_search_queue), (SELECT max(seq) FROM message_search_queue)");
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      long first = rs.getLong(1);
      return rs.wasNull() ? Bounds.EMPTY : new Bounds(first, rs.getLong(2));
    }
  }

  /**
   * Indexes the first {@code maxRows} queued messages and takes them off the queue, in the caller's
   * transaction. A queued id that is no longer a message (deleted meanwhile) is dropped; one queued twice
   * is indexed once; the text is the message's as it is now.
   */
  static Pass index(Connection c, int maxRows) throws SQLException {
    Bounds before = bounds(c);
    if (before.pending() == 0) {
      return new Pass(0, 0, 0, Bounds.EMPTY);
    }
    long through = Math.min(before.last(), before.first() + maxRows - 1);
    PreparedStatement insert = Statements.prepare(c,
        "INSERT INTO message_search (body, message_id, conversation_id) "
            + "SELECT substr(m.body, 1, 100000), m.id, m.conversation_id FROM messages m "
            + "WHERE m.id IN (SELECT message_id FROM message_search_queue WHERE seq <= ?)");
    insert.setLong(1, through);
    int indexed = insert.executeUpdate();
    PreparedStatement delete = Statements.prepare(c, "DELETE FROM message_search_queue WHERE seq <= ?");
    delete.setLong(1, through);
    delete.executeUpdate();
    Bounds left = through == before.last() ? Bounds.EMPTY : new Bounds(through + 1, before.last());
    return new Pass(indexed, through, before.last(), left);
  }
}
