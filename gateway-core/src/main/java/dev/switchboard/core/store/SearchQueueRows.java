package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The SQL of SQLite's deferred search index: what is stored and not yet in its full-text index, in the order
 * it was stored. Messages, nearly every row indexed, are found by their rowid: those past the mark
 * ({@code message_search_mark}, db/vendor/sqlite/V21__message_search_by_mark.sql) are not indexed yet, so a
 * message costs its insert no second row. Conversation subjects, contact names and identities are queued
 * ({@code search_queue}, V16, V17 for subjects), as were messages before V21: a message still queued then
 * is indexed from the queue. Every {@link SearchField} is a source of the queue.
 */
final class SearchQueueRows {

  /**
   * The queue's first and last seq ({@code first} and {@code last} 0 when it is empty; its rows are
   * first..last, no gaps), and the messages indexed through rowid {@code mark} of those stored through
   * {@code top}.
   */
  record Bounds(long first, long last, long mark, long top) {
    static final Bounds EMPTY = new Bounds(0, 0, 0, 0);

    /** Rows not yet in the index: queued ones and messages past the mark. */
    long pending() {
      return (last == 0 ? 0 : last - first + 1) + Math.max(0, top - mark);
    }

    /**
     * These bounds after a pass took the queue's rows through {@code through} off it (0: none) and indexed the
     * messages through {@code newMark}.
     */
    Bounds after(long through, long newMark) {
      if (through == 0) {
        return new Bounds(first, last, newMark, top);
      }
      return through >= last ? new Bounds(0, 0, newMark, top) : new Bounds(through + 1, last, newMark, top);
    }
  }

  /**
   * One pass of the indexer: {@code indexed} rows were put into the indexes; {@code left} is what still waits
   * after it.
   */
  record Pass(int indexed, Bounds left) {

    /**
     * Whether everything {@code target} saw waiting is indexed after this pass: its queued rows are off the queue
     * (while any of them is queued the queue is not empty, so its seq cannot have started again at 1) and the
     * mark has passed its messages.
     */
    boolean reached(Bounds target) {
      boolean queueDone = left.last() == 0 || left.first() > target.last();
      return queueDone && left.mark() >= target.top();
    }
  }

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
    // Subqueries: SQLite answers a lone min() or max() on the rowid from the b-tree's ends.
    PreparedStatement ps = Statements.prepare(c,
        "SELECT (SELECT min(seq) FROM search_queue), (SELECT max(seq) FROM search_queue), "
            + "(SELECT through FROM message_search_mark), (SELECT max(rowid) FROM messages)");
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      long first = rs.getLong(1);
      boolean empty = rs.wasNull();
      long last = rs.getLong(2);
      return new Bounds(empty ? 0 : first, empty ? 0 : last, rs.getLong(3), rs.getLong(4));
    }
  }

  /**
   * Indexes up to {@code maxRows} waiting rows, the messages past the mark first, then the queue's in order,
   * moves the mark past the messages and takes the queued rows off the queue, in the caller's transaction.
   */
  static Pass index(Connection c, int maxRows) throws SQLException {
    Bounds before = bounds(c);
    if (before.pending() == 0) {
      return new Pass(0, before);
    }
    int indexed = 0;
    long mark = before.mark();
    if (before.top() > mark) {
      long upTo = Math.min(before.top(), mark + maxRows);
      PreparedStatement insert = Statements.prepare(c, "INSERT INTO message_search (body, message_id, "
          + "conversation_id) SELECT substr(body, 1, 100000), id, conversation_id FROM messages "
          + "WHERE rowid > ? AND rowid <= ?");
      insert.setLong(1, mark);
      insert.setLong(2, upTo);
      indexed += insert.executeUpdate();
      PreparedStatement moved = Statements.prepare(c, "UPDATE message_search_mark SET through = ?");
      moved.setLong(1, upTo);
      moved.executeUpdate();
      mark = upTo;
    }
    long room = maxRows - (mark - before.mark());
    long through = 0;
    if (before.last() > 0 && room > 0) {
      through = Math.min(before.last(), before.first() + room - 1);
      for (SearchField source : SearchField.values()) {
        PreparedStatement insert = Statements.prepare(c, insert(source));
        insert.setLong(1, through);
        indexed += insert.executeUpdate();
      }
      PreparedStatement delete = Statements.prepare(c, "DELETE FROM search_queue WHERE seq <= ?");
      delete.setLong(1, through);
      delete.executeUpdate();
    }
    return new Pass(indexed, before.after(through, mark));
  }
}
