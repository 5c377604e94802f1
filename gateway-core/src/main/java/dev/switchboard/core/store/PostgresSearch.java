package dev.switchboard.core.store;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Search on PostgreSQL's generated tsvector columns and their GIN indexes
 * (db/vendor/postgresql/V5__search.sql). {@code ts_rank} with length normalization ranks (higher is
 * better); a match in a subject, a name or an address counts double, as on SQLite.
 * {@code DISTINCT ON} picks each conversation's best match.
 */
final class PostgresSearch implements FullTextSearch {

  private static final String HITS = "WITH hits (cid, score, field, fkey) AS ("
      + "SELECT m.conversation_id, ts_rank(m.body_search, q, 1), 'MESSAGE', m.id "
      + "FROM messages m, to_tsquery('simple', ?) q WHERE m.body_search @@ q "
      + "UNION ALL SELECT c.id, 2 * ts_rank(c.subject_search, q, 1), 'SUBJECT', c.id "
      + "FROM conversations c, to_tsquery('simple', ?) q WHERE c.subject_search @@ q "
      + "UNION ALL SELECT c.id, 2 * ts_rank(ct.name_search, q, 1), 'CONTACT_NAME', ct.id "
      + "FROM contacts ct JOIN conversations c ON c.contact_id = ct.id, to_tsquery('simple', ?) q "
      + "WHERE ct.name_search @@ q "
      + "UNION ALL SELECT c.id, 2 * ts_rank(i.address_search, q, 1), 'IDENTITY', i.kind || ':' || i.address "
      + "FROM identities i JOIN conversations c ON c.contact_id = i.contact_id, to_tsquery('simple', ?) q "
      + "WHERE i.address_search @@ q) ";

  /** About 24 words around the best-matching part; the marks {@link Snippet#fromMarked} reads. */
  private static final String HEADLINE = "StartSel=" + Snippet.START + ", StopSel=" + Snippet.END
      + ", MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=\" … \"";
  private static final String WHOLE = "StartSel=" + Snippet.START + ", StopSel=" + Snippet.END + ", HighlightAll=true";

  @Override
  public List<Best> best(Connection c, SearchQuery query) throws SQLException {
    List<String> scopeArgs = new ArrayList<>();
    String scope = SearchRows.scopeCondition(query.scope(), "c", scopeArgs);
    String sql = HITS + ", best AS (SELECT DISTINCT ON (h.cid) h.cid, h.score, h.field, h.fkey FROM hits h "
        + "JOIN conversations c ON c.id = h.cid WHERE " + scope + " ORDER BY h.cid, h.score DESC) "
        + "SELECT cid, score, field, fkey FROM best ORDER BY score DESC, cid DESC LIMIT ?";
    String tsquery = query.terms().tsquery();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 1; i <= 4; i++) {
        ps.setString(i, tsquery);
      }
      int next = SearchRows.bind(ps, 5, scopeArgs);
      ps.setInt(next, query.limit());
      List<Best> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Best(new ConversationId(rs.getString(1)), SearchField.valueOf(rs.getString(3)),
              rs.getString(4)));
        }
      }
      return out;
    }
  }

  @Override
  public Marked marked(Connection c, SearchTerms terms, Best best) throws SQLException {
    if (best.field() == SearchField.IDENTITY) {
      // The parser keeps an address whole, so ts_headline would mark nothing in it for a part of it.
      String address = best.key().substring(best.key().indexOf(':') + 1);
      return new Marked(markWords(address, terms), Optional.empty());
    }
    String sql = switch (best.field()) {
      case MESSAGE -> "SELECT ts_headline('simple', left(body, 100000), to_tsquery('simple', ?), ?), id "
          + "FROM messages WHERE id = ?";
      case SUBJECT -> "SELECT ts_headline('simple', subject, to_tsquery('simple', ?), ?), NULL "
          + "FROM conversations WHERE id = ?";
      case CONTACT_NAME -> "SELECT ts_headline('simple', name, to_tsquery('simple', ?), ?), NULL "
          + "FROM contacts WHERE id = ?";
      case IDENTITY -> throw new AssertionError("handled above");
    };
    PreparedStatement ps = Statements.prepare(c, sql);
    ps.setString(1, terms.tsquery());
    ps.setString(2, best.field() == SearchField.MESSAGE ? HEADLINE : WHOLE);
    ps.setString(3, best.key());
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return new Marked("", Optional.empty());
      }
      String message = rs.getString(2);
      return new Marked(rs.getString(1), Optional.ofNullable(message).map(MessageId::new));
    }
  }

  /** Marks where each word's letters and digits occur in {@code text}, ignoring case. */
  static String markWords(String text, SearchTerms terms) {
    String lower = text.toLowerCase(Locale.ROOT);
    boolean[] marked = new boolean[text.length()];
    for (String word : terms.words()) {
      for (String part : word.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (part.isEmpty() || lower.length() != text.length()) {
          continue;
        }
        for (int at = lower.indexOf(part); at >= 0; at = lower.indexOf(part, at + part.length())) {
          java.util.Arrays.fill(marked, at, at + part.length(), true);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      if (marked[i] && (i == 0 || !marked[i - 1])) {
        out.append(Snippet.START);
      }
      out.append(text.charAt(i));
      if (marked[i] && (i == text.length() - 1 || !marked[i + 1])) {
        out.append(Snippet.END);
      }
    }
    return out.toString();
  }
}
