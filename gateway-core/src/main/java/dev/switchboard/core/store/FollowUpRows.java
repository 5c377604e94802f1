package dev.switchboard.core.store;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for scheduled follow-ups ({@code follow_ups}). */
final class FollowUpRows {

  private static final String COLUMNS =
      "id, conversation_id, author, client_id, body, due_at, status, message_id, created_at";

  private FollowUpRows() {}

  static void insert(Connection c, FollowUp f) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "INSERT INTO follow_ups (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ps.setString(1, f.id());
    ps.setString(2, f.conversationId().value());
    ps.setString(3, f.author());
    ps.setString(4, f.clientId());
    ps.setString(5, f.text());
    Columns.setInstant(ps, 6, f.dueAt());
    ps.setString(7, f.status().name());
    Columns.setString(ps, 8, f.messageId().map(MessageId::value).orElse(null));
    Columns.setInstant(ps, 9, f.createdAt());
    ps.executeUpdate();
  }

  static Optional<FollowUp> byId(Connection c, String id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS + " FROM follow_ups WHERE id = ?");
    ps.setString(1, id);
    return first(ps);
  }

  static Optional<FollowUp> byClientId(Connection c, String author, String clientId) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS
        + " FROM follow_ups WHERE author = ? AND client_id = ?");
    ps.setString(1, author);
    ps.setString(2, clientId);
    return first(ps);
  }

  /** The scheduled follow-ups of one author, soonest first. */
  static List<FollowUp> scheduledBy(Connection c, String author, int limit) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS
        + " FROM follow_ups WHERE status = ? AND author = ? ORDER BY due_at, id LIMIT ?");
    ps.setString(1, FollowUp.Status.SCHEDULED.name());
    ps.setString(2, author);
    ps.setInt(3, limit);
    return all(ps);
  }

  /** The scheduled follow-ups of one conversation. */
  static List<FollowUp> scheduledOn(Connection c, ConversationId conversation) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS
        + " FROM follow_ups WHERE conversation_id = ? AND status = ? ORDER BY due_at, id");
    ps.setString(1, conversation.value());
    ps.setString(2, FollowUp.Status.SCHEDULED.name());
    return all(ps);
  }

  /** Scheduled follow-ups due at {@code now}, soonest first. */
  static List<FollowUp> due(Connection c, Instant now, int limit) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS
        + " FROM follow_ups WHERE status = ? AND due_at <= ? ORDER BY due_at, id LIMIT ?");
    ps.setString(1, FollowUp.Status.SCHEDULED.name());
    Columns.setInstant(ps, 2, now);
    ps.setInt(3, limit);
    return all(ps);
  }

  /** The earliest due time of a scheduled follow-up, if any. */
  static Optional<Instant> nextDue(Connection c) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT MIN(due_at) AS next_due FROM follow_ups WHERE status = ?");
    ps.setString(1, FollowUp.Status.SCHEDULED.name());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.ofNullable(Columns.instant(rs, "next_due")) : Optional.empty();
    }
  }

  static java.util.Set<ConversationId> conversationsWithScheduled(Connection c) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT DISTINCT conversation_id FROM follow_ups WHERE status = ?");
    ps.setString(1, FollowUp.Status.SCHEDULED.name());
    java.util.Set<ConversationId> out = new java.util.HashSet<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new ConversationId(rs.getString(1)));
      }
    }
    return out;
  }

  /** Moves a scheduled follow-up to a final state; false when it was final already. */
  static boolean close(Connection c, String id, FollowUp.Status status, MessageId message, Instant now)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE follow_ups SET status = ?, message_id = ?, closed_at = ? "
        + "WHERE id = ? AND status = ?");
    ps.setString(1, status.name());
    Columns.setString(ps, 2, message == null ? null : message.value());
    Columns.setInstant(ps, 3, now);
    ps.setString(4, id);
    ps.setString(5, FollowUp.Status.SCHEDULED.name());
    return ps.executeUpdate() == 1;
  }

  /** Whether the customer wrote in the conversation after {@code since} (an automatic reply does not count). */
  static boolean customerWroteAfter(Connection c, ConversationId conversation, Instant since) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT 1 FROM messages WHERE conversation_id = ? "
        + "AND direction = ? AND automated = ? AND created_at > ? LIMIT 1");
    ps.setString(1, conversation.value());
    ps.setString(2, Direction.IN.name());
    ps.setBoolean(3, false);
    Columns.setInstant(ps, 4, since);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  private static Optional<FollowUp> first(PreparedStatement ps) throws SQLException {
    List<FollowUp> found = all(ps);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private static List<FollowUp> all(PreparedStatement ps) throws SQLException {
    List<FollowUp> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String message = rs.getString("message_id");
        out.add(new FollowUp(rs.getString("id"), new ConversationId(rs.getString("conversation_id")),
            rs.getString("author"), rs.getString("client_id"), rs.getString("body"), Columns.instant(rs, "due_at"),
            FollowUp.Status.valueOf(rs.getString("status")),
            Optional.ofNullable(message).map(MessageId::new), Columns.instant(rs, "created_at")));
      }
    }
    return out;
  }
}
