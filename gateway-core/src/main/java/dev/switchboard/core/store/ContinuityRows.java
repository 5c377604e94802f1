package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for {@link Continuity}: the {@code chat_continuity} rows and the forwards. */
final class ContinuityRows {

  /** The replies a visitor missed: the agents' chat replies (not the gateway's own) since they left. */
  private static final String MISSED = "m.conversation_id = k.conversation_id AND m.direction = 'OUT' "
      + "AND m.channel = 'CHAT' AND m.author <> '" + ConversationStore.SYSTEM_AUTHOR + "' "
      + "AND m.created_at >= k.away_since AND (k.forwarded_through IS NULL OR m.id > k.forwarded_through)";

  private ContinuityRows() {}

  static void left(Connection c, ConversationId conversation, Instant at) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "INSERT INTO chat_continuity (conversation_id, away_since, "
        + "updated_at) VALUES (?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET away_since = "
        + "COALESCE(chat_continuity.away_since, excluded.away_since), updated_at = excluded.updated_at");
    ps.setString(1, conversation.value());
    Columns.setInstant(ps, 2, at);
    Columns.setInstant(ps, 3, at);
    ps.executeUpdate();
  }

  static void back(Connection c, ConversationId conversation, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "UPDATE chat_continuity SET away_since = NULL, updated_at = ? WHERE conversation_id = ?");
    Columns.setInstant(ps, 1, now);
    ps.setString(2, conversation.value());
    ps.executeUpdate();
  }

  static List<Continuity.Pending> pending(Connection c, Instant awayAfter, Instant awayBefore, int limit)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT k.conversation_id, k.away_since, cv.contact_id "
        + "FROM chat_continuity k JOIN conversations cv ON cv.id = k.conversation_id "
        + "WHERE k.away_since >= ? AND k.away_since <= ? AND cv.channel = 'CHAT' "
        + "AND EXISTS (SELECT 1 FROM messages m WHERE " + MISSED + ") ORDER BY k.away_since, k.conversation_id LIMIT ?");
    Columns.setInstant(ps, 1, awayAfter);
    Columns.setInstant(ps, 2, awayBefore);
    ps.setInt(3, limit);
    List<Continuity.Pending> found = new ArrayList<>();
    List<String[]> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new String[] {rs.getString(1), Long.toString(rs.getLong(2)), rs.getString(3)});
      }
    }
    for (String[] row : rows) {
      ConversationId id = new ConversationId(row[0]);
      found.add(new Continuity.Pending(id, new ContactId(row[2]), Instant.ofEpochMilli(Long.parseLong(row[1])),
          missed(c, id)));
    }
    return found;
  }

  /** The replies the visitor of {@code conversation} missed, oldest first; empty when they are back. */
  private static List<Message> missed(Connection c, ConversationId conversation) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT m.id FROM chat_continuity k JOIN messages m ON " + MISSED
        + " WHERE k.conversation_id = ? AND k.away_since IS NOT NULL ORDER BY m.id");
    ps.setString(1, conversation.value());
    List<MessageId> ids = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(new MessageId(rs.getString(1)));
      }
    }
    List<Message> out = new ArrayList<>();
    for (MessageId id : ids) {
      MessageRows.byId(c, id).ifPresent(out::add);
    }
    return out;
  }

  static Optional<Message> forward(Connection c, ConversationId conversation, MessageId through, Identity to,
      String subject, String text, Instant now) throws SQLException {
    List<Message> missed = missed(c, conversation);
    if (missed.stream().noneMatch(m -> m.id().equals(through))) {
      return Optional.empty(); // back, or forwarded meanwhile
    }
    Channel channel = to.kind().channel();
    // The clientId makes a forward re-run after a crash find the message it stored.
    Optional<Message> first = MessageRows.byClientId(c, conversation, ConversationStore.SYSTEM_AUTHOR,
        "continuity:" + through.value());
    if (first.isPresent()) {
      mark(c, conversation, through, to, now);
      return Optional.empty();
    }
    Message m = MessageRows.insert(c, NewMessage.ours(conversation, channel, Direction.OUT,
        ConversationStore.SYSTEM_AUTHOR, "continuity:" + through.value(), text, DeliveryStatus.QUEUED)
        .withSubject(subject).automatedBySystem(), now);
    OutboxRows.enqueue(c, m.id(), conversation, to, now);
    mark(c, conversation, through, to, now);
    return Optional.of(m);
  }

  static void skip(Connection c, ConversationId conversation, MessageId through, Instant now) throws SQLException {
    mark(c, conversation, through, null, now);
  }

  private static void mark(Connection c, ConversationId conversation, MessageId through, Identity to, Instant now)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, to == null
        ? "UPDATE chat_continuity SET forwarded_through = ?, updated_at = ? WHERE conversation_id = ?"
        : "UPDATE chat_continuity SET forwarded_through = ?, updated_at = ?, forwarded_kind = ?, forwarded_to = ?, "
            + "forwarded_at = ? WHERE conversation_id = ?");
    ps.setString(1, through.value());
    Columns.setInstant(ps, 2, now);
    if (to == null) {
      ps.setString(3, conversation.value());
    } else {
      ps.setString(3, to.kind().name());
      ps.setString(4, to.value());
      Columns.setInstant(ps, 5, now);
      ps.setString(6, conversation.value());
    }
    ps.executeUpdate();
  }

  /**
   * The chat of {@code contact} whose replies were last forwarded to {@code sender} (an SMS answering a
   * forward goes on there), when that forward is newer than {@code other}'s last change (an SMS thread of
   * their own active since wins).
   */
  static Optional<Conversation> answeredForward(Connection c, ContactId contact, Identity sender,
      Optional<Conversation> other) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT k.conversation_id, k.forwarded_at FROM chat_continuity k "
        + "JOIN conversations cv ON cv.id = k.conversation_id WHERE k.forwarded_kind = ? AND k.forwarded_to = ? "
        + "AND cv.contact_id = ? ORDER BY k.forwarded_at DESC LIMIT 1");
    ps.setString(1, sender.kind().name());
    ps.setString(2, sender.value());
    ps.setString(3, contact.value());
    ConversationId id;
    Instant at;
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      id = new ConversationId(rs.getString(1));
      at = Columns.instant(rs, "forwarded_at");
    }
    if (other.isPresent() && other.get().updatedAt().isAfter(at)) {
      return Optional.empty();
    }
    return ConversationRows.byId(c, id);
  }
}
