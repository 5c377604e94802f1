package dev.switchboard.core.store;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Search on SQLite's FTS5 tables (db/vendor/sqlite/V5__search.sql). {@code bm25} ranks (lower is
 * better); a match in a subject, a name or an address counts double, since those few words say more
 * about a conversation than one word among a message's many. A conversation's best match is picked with
 * SQLite's rule that {@code MIN()} takes the other bare columns from its row.
 */
final class SqliteSearch implements FullTextSearch {

  private static final String HITS = "WITH hits (cid, score, field, fkey) AS ("
      + "SELECT conversation_id, bm25(message_search), 'MESSAGE', rowid FROM message_search "
      + "WHERE message_search MATCH ? "
      + "UNION ALL SELECT conversation_id, 2 * bm25(conversation_search), 'SUBJECT', rowid FROM conversation_search "
      + "WHERE conversation_search MATCH ? "
      + "UNION ALL SELECT c.id, 2 * bm25(contact_search), 'CONTACT_NAME', contact_search.rowid FROM contact_search "
      + "JOIN conversations c ON c.contact_id = contact_search.contact_id WHERE contact_search MATCH ? "
      + "UNION ALL SELECT c.id, 2 * bm25(identity_search), 'IDENTITY', identity_search.rowid FROM identity_search "
      + "JOIN identities i ON i.kind = identity_search.kind AND i.address = identity_search.address "
      + "JOIN conversations c ON c.contact_id = i.contact_id WHERE identity_search MATCH ?) ";

  @Override
  public List<Best> best(Connection c, SearchQuery query) throws SQLException {
    List<String> scopeArgs = new ArrayList<>();
    String scope = SearchRows.scopeCondition(query.scope(), "c", scopeArgs);
    String sql = HITS + "SELECT h.cid, MIN(h.score) AS best, h.field, h.fkey FROM hits h "
        + "JOIN conversations c ON c.id = h.cid WHERE " + scope
        + " GROUP BY h.cid ORDER BY best, h.cid DESC LIMIT ?";
    String match = query.terms().fts5();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 1; i <= 4; i++) {
        ps.setString(i, match);
      }
      int next = SearchRows.bind(ps, 5, scopeArgs);
      ps.setInt(next, query.limit());
      List<Best> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Best(new ConversationId(rs.getString(1)), SearchField.valueOf(rs.getString(3)),
              Long.toString(rs.getLong(4))));
        }
      }
      return out;
    }
  }

  @Override
  public Marked marked(Connection c, SearchTerms terms, Best best) throws SQLException {
    String sql = switch (best.field()) {
      // About 24 words around the best-matching part of a message; names and subjects whole.
      case MESSAGE -> "SELECT snippet(message_search, 0, char(1), char(2), '…', 24), message_id FROM message_search "
          + "WHERE message_search MATCH ? AND rowid = ?";
      case SUBJECT -> "SELECT highlight(conversation_search, 0, char(1), char(2)), NULL FROM conversation_search "
          + "WHERE conversation_search MATCH ? AND rowid = ?";
      case CONTACT_NAME -> "SELECT highlight(contact_search, 0, char(1), char(2)), NULL FROM contact_search "
          + "WHERE contact_search MATCH ? AND rowid = ?";
      case IDENTITY -> "SELECT highlight(identity_search, 0, char(1), char(2)), NULL FROM identity_search "
          + "WHERE identity_search MATCH ? AND rowid = ?";
    };
    PreparedStatement ps = Statements.prepare(c, sql);
    ps.setString(1, terms.fts5());
    ps.setLong(2, Long.parseLong(best.key()));
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return new Marked("", Optional.empty());
      }
      String message = rs.getString(2);
      return new Marked(rs.getString(1), Optional.ofNullable(message).map(MessageId::new));
    }
  }
}
