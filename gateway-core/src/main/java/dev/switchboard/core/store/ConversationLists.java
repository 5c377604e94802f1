package dev.switchboard.core.store;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL for lists of conversations: the desks' and the API's filtered lists, and the open ones the router rebuilds from. */
final class ConversationLists {

  private ConversationLists() {}

  /** Filtered, newest first. */
  static List<Conversation> query(Connection c, ConversationQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + ConversationRows.COLUMNS + " FROM conversations WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    q.status().ifPresent(status -> {
      sql.append(" AND status = ?");
      args.add(status.name());
    });
    q.tier().ifPresent(tier -> {
      sql.append(" AND tier = ?");
      args.add(tier);
    });
    q.contactId().ifPresent(contact -> {
      sql.append(" AND contact_id = ?");
      args.add(contact.value());
    });
    q.channel().ifPresent(channel -> {
      sql.append(" AND channel = ?");
      args.add(channel.name());
    });
    q.tag().ifPresent(tag -> {
      sql.append(" AND id IN (SELECT conversation_id FROM conversation_tags WHERE tag = ?)");
      args.add(tag);
    });
    sql.append(" ORDER BY id DESC LIMIT ?");
    // Kept per connection: the filters are a fixed set, so there are at most 2^5 texts, and the common
    // ones (a contact's conversations, for every arrival the router classifies and every desk view) repeat.
    PreparedStatement ps = Statements.prepare(c, sql.toString());
    int i = 1;
    for (String arg : args) {
      ps.setString(i++, arg);
    }
    ps.setInt(i, q.limit());
    return ConversationRows.all(ps);
  }

  /** Queued and assigned conversations, longest waiting first. */
  static List<Conversation> open(Connection c) throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "SELECT " + ConversationRows.COLUMNS + " FROM conversations WHERE status IN (?, ?) "
            // NULLs sort first in SQLite and last in PostgreSQL: say where they go.
            + "ORDER BY CASE WHEN queued_at IS NULL THEN 1 ELSE 0 END, queued_at, id");
    ps.setString(1, ConversationStatus.QUEUED.name());
    ps.setString(2, ConversationStatus.ASSIGNED.name());
    return ConversationRows.all(ps);
  }
}
