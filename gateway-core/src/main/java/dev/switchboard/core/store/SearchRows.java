package dev.switchboard.core.store;

import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Full-text search over messages, subjects, contact names and identities, in one read: the database
 * ranks and picks each conversation's best match ({@link FullTextSearch#best}); then, for those few,
 * the conversation, a snippet of the match and the contact's name.
 */
final class SearchRows {

  private SearchRows() {}

  static List<SearchHit> search(Connection c, FullTextSearch fts, SearchQuery query) throws SQLException {
    if (query.terms().isEmpty()) {
      return List.of();
    }
    List<SearchHit> hits = new ArrayList<>();
    for (FullTextSearch.Best best : fts.best(c, query)) {
      Optional<Conversation> conversation = ConversationRows.byId(c, best.conversation());
      if (conversation.isEmpty()) {
        continue;
      }
      FullTextSearch.Marked marked = fts.marked(c, query.terms(), best);
      hits.add(new SearchHit(conversation.get(), best.field(), marked.messageId(), Snippet.fromMarked(marked.text()),
          contactName(c, conversation.get().contactId())));
    }
    return hits;
  }

  /**
   * The condition that keeps a search in {@code scope}, on the conversations row {@code alias}, adding
   * its arguments to {@code args}; an agent's scope is their tiers (any tier, but never none) and what
   * they hold or held last.
   */
  static String scopeCondition(SearchScope scope, String alias, List<String> args) {
    if (!(scope instanceof SearchScope.AgentTiers a)) {
      return "1 = 1";
    }
    StringBuilder sql = new StringBuilder("(");
    if (a.everyTier()) {
      sql.append(alias).append(".tier IS NOT NULL OR ");
    } else if (!a.tiers().isEmpty()) {
      sql.append(alias).append(".tier IN (").append("?, ".repeat(a.tiers().size() - 1)).append("?) OR ");
      args.addAll(a.tiers().stream().sorted().toList());
    }
    sql.append(alias).append(".assignee = ? OR ").append(alias).append(".last_agent = ?)");
    args.add(a.agent());
    args.add(a.agent());
    return sql.toString();
  }

  /** Binds {@code args} from parameter {@code first} on; returns the next parameter's index. */
  static int bind(PreparedStatement ps, int first, List<String> args) throws SQLException {
    int i = first;
    for (String arg : args) {
      ps.setString(i++, arg);
    }
    return i;
  }

  private static String contactName(Connection c, ContactId id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT name FROM contacts WHERE id = ?");
    ps.setString(1, id.value());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
