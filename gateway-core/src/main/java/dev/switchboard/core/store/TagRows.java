package dev.switchboard.core.store;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** SQL for conversation tags ({@code conversation_tags}, V6). */
final class TagRows {

  /**
   * A conversation's tags as one column of a {@code SELECT ... FROM conversations}, sorted and joined by
   * commas (a tag has none). {@code string_agg} with {@code ORDER BY} runs on both databases (SQLite since 3.44).
   */
  static final String AGGREGATE = "(SELECT string_agg(t.tag, ',' ORDER BY t.tag) FROM conversation_tags t "
      + "WHERE t.conversation_id = conversations.id) AS tags";

  /** Adds one tag to one conversation (nothing when it has it). */
  static final String INSERT = "INSERT INTO conversation_tags (conversation_id, tag, added_by, added_at) "
      + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private TagRows() {}

  static List<String> split(String aggregate) {
    return aggregate == null || aggregate.isEmpty() ? List.of() : Arrays.asList(aggregate.split(","));
  }

  /**
   * Applies {@code change} unless the conversation would then carry more than
   * {@link Tags#MAX_PER_CONVERSATION} tags, in which case nothing is written.
   */
  static TagOutcome apply(Connection c, ConversationId id, TagChange change, Instant now) throws SQLException {
    Conversation before = ConversationRows.require(c, id);
    Set<String> after = new TreeSet<>(before.tags());
    after.addAll(change.add());
    after.removeAll(change.remove());
    if (after.size() > Tags.MAX_PER_CONVERSATION) {
      return new TagOutcome.TooMany(after.size());
    }
    if (after.equals(new TreeSet<>(before.tags()))) {
      return new TagOutcome.Tagged(before);
    }
    PreparedStatement add = Statements.prepare(c, INSERT);
    for (String tag : change.add()) {
      add.setString(1, id.value());
      add.setString(2, tag);
      add.setString(3, change.by());
      Columns.setInstant(add, 4, now);
      add.executeUpdate();
    }
    PreparedStatement remove = Statements.prepare(c,
        "DELETE FROM conversation_tags WHERE conversation_id = ? AND tag = ?");
    for (String tag : change.remove()) {
      remove.setString(1, id.value());
      remove.setString(2, tag);
      remove.executeUpdate();
    }
    ConversationRows.touch(c, id, now);
    return new TagOutcome.Tagged(ConversationRows.require(c, id));
  }

  /** The conversation's tags, sorted. */
  static List<String> of(Connection c, ConversationId id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "SELECT tag FROM conversation_tags WHERE conversation_id = ? ORDER BY tag");
    ps.setString(1, id.value());
    List<String> out = new java.util.ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
