package dev.switchboard.core.store;

import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for {@link ArrivalFacts}: the few columns the router's rules read, where a whole conversation row
 * (17 columns and its tags) for each of the contact's 19 newest conversations, and every message with its
 * attachments, made the arrival's read the read pool's main cost.
 */
final class ArrivalRows {

  private ArrivalRows() {}

  /** The conversation's contact as stored now (a merge may have moved it): for an arrival and for a desk's view. */
  static Optional<ContactId> contactOf(Connection c, ConversationId id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT contact_id FROM conversations WHERE id = ?");
    ps.setString(1, id.value());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(new ContactId(rs.getString(1))) : Optional.empty();
    }
  }

  /** The text of the conversation's last inbound message, or "" when it has none. */
  static String lastInboundText(Connection c, ConversationId id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "SELECT body FROM messages WHERE conversation_id = ? AND direction = ? ORDER BY id DESC LIMIT 1");
    ps.setString(1, id.value());
    ps.setString(2, Direction.IN.name());
    try (ResultSet rs = ps.executeQuery()) {
      String body = rs.next() ? rs.getString(1) : null;
      return body == null ? "" : body;
    }
  }

  /** The contact's {@code limit} newest conversations but {@code except}, newest first. */
  static List<ArrivalFacts.Handled> handled(Connection c, ContactId contact, ConversationId except, int limit)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT id, last_agent, updated_at FROM conversations "
        + "WHERE contact_id = ? AND id <> ? ORDER BY id DESC LIMIT ?");
    ps.setString(1, contact.value());
    ps.setString(2, except.value());
    ps.setInt(3, limit);
    List<ArrivalFacts.Handled> out = new ArrayList<>(limit);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new ArrivalFacts.Handled(new ConversationId(rs.getString(1)), rs.getString(2),
            Columns.instant(rs, 3)));
      }
    }
    return out;
  }
}
