package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of full-text search that differs by database (FTS5 on SQLite, tsvector on PostgreSQL; see the
 * V5 migrations under {@code db/vendor}); {@link SearchRows} does the rest the same way for both.
 */
interface FullTextSearch {

  /**
   * The best match of each conversation in scope, best conversations first (ties: newest first), at most
   * {@code query.limit()}; the query has words.
   */
  List<Best> best(Connection c, SearchQuery query) throws SQLException;

  /** The text of a match with its words marked ({@link Snippet#START}, {@link Snippet#END}), and its message if in one. */
  Marked marked(Connection c, SearchTerms terms, Best best) throws SQLException;

  static FullTextSearch of(Database.Vendor vendor) {
    return switch (vendor) {
      case SQLITE -> new SqliteSearch();
      case POSTGRESQL -> new PostgresSearch();
    };
  }

  /** A conversation's best match: the field, and the key its database finds the matched row by again. */
  record Best(ConversationId conversation, SearchField field, String key) {
    public Best {
      requireNonNull(conversation, "conversation");
      requireNonNull(field, "field");
      requireNonNull(key, "key");
    }
  }

  record Marked(String text, Optional<MessageId> messageId) {
    public Marked {
      requireNonNull(messageId, "messageId");
    }
  }
}
