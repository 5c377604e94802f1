package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
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

/** SQL for the outbox and the channels' small durable state. */
final class OutboxRows {

  private static final String ENQUEUE = "INSERT INTO outbox (message_id, conversation_id, attempts, "
      + "next_attempt_at, created_at, to_kind, to_address) VALUES (?, ?, 0, ?, ?, ?, ?)";

  private OutboxRows() {}

  static void enqueue(Connection c, MessageId message, ConversationId conversation, Instant now) throws SQLException {
    enqueue(c, message, conversation, null, now);
  }

  /** Enqueues a message that leaves to {@code to} (its kind picks the channel), or, when null, the conversation's. */
  static void enqueue(Connection c, MessageId message, ConversationId conversation, Identity to, Instant now)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, ENQUEUE);
    ps.setString(1, message.value());
    ps.setString(2, conversation.value());
    Columns.setInstant(ps, 3, now);
    Columns.setInstant(ps, 4, now);
    Columns.setString(ps, 5, to == null ? null : to.kind().name());
    Columns.setString(ps, 6, to == null ? null : to.value());
    ps.executeUpdate();
  }

  /** Enqueues each of {@code messages} to leave to its conversation, in one batch. */
  static void enqueueAll(Connection c, List<Message> messages, Instant now) throws SQLException {
    PreparedStatement ps = Statements.batch(c, ENQUEUE);
    for (Message m : messages) {
      ps.setString(1, m.id().value());
      ps.setString(2, m.conversationId().value());
      Columns.setInstant(ps, 3, now);
      Columns.setInstant(ps, 4, now);
      ps.setNull(5, java.sql.Types.VARCHAR);
      ps.setNull(6, java.sql.Types.VARCHAR);
      ps.addBatch();
    }
    Statements.runBatch(ps, messages.size());
  }

  /** The channel an entry leaves through: its recipient's kind when it names one, else its conversation's. */
  private static final String LEAVES_THROUGH = java.util.Arrays.stream(IdentityKind.values())
      .map(k -> "WHEN '" + k.name() + "' THEN '" + k.channel().name() + "' ")
      .collect(java.util.stream.Collectors.joining("", "CASE o.to_kind ", "ELSE cv.channel END"));

  static List<OutboxEntry> due(Connection c, Instant now, Channel channel, int limit) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT o.message_id, o.conversation_id, o.attempts, "
        + "o.next_attempt_at, o.to_kind, o.to_address FROM outbox o JOIN conversations cv ON cv.id = o.conversation_id "
        + "WHERE o.next_attempt_at <= ? AND " + LEAVES_THROUGH + " = ? ORDER BY o.next_attempt_at, o.message_id LIMIT ?");
    Columns.setInstant(ps, 1, now);
    ps.setString(2, channel.name());
    ps.setInt(3, limit);
    return entries(ps);
  }

  private static List<OutboxEntry> entries(PreparedStatement ps) throws SQLException {
    List<OutboxEntry> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String kind = rs.getString("to_kind");
        Optional<Identity> to = kind == null ? Optional.empty()
            : Optional.of(new Identity(IdentityKind.valueOf(kind), rs.getString("to_address")));
        out.add(new OutboxEntry(new MessageId(rs.getString(1)), new ConversationId(rs.getString(2)),
            rs.getInt(3), Columns.instant(rs, "next_attempt_at"), to));
      }
    }
    return out;
  }

  /** Makes up to {@code limit} PENDING entries of the channel due now, soonest first. */
  static int hurryPending(Connection c, Channel channel, Instant now, int limit) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE outbox SET next_attempt_at = ? WHERE message_id IN ("
        + "SELECT o.message_id FROM outbox o JOIN messages m ON m.id = o.message_id "
        + "WHERE m.channel = ? AND m.delivery = ? AND o.next_attempt_at > ? "
        + "ORDER BY o.next_attempt_at, o.message_id LIMIT ?)");
    Columns.setInstant(ps, 1, now);
    ps.setString(2, channel.name());
    ps.setString(3, DeliveryStatus.PENDING.name());
    Columns.setInstant(ps, 4, now);
    ps.setInt(5, limit);
    return ps.executeUpdate();
  }

  /** Makes the entries whose message is still being sent due at {@code now}; returns how many. */
  static int reclaimInterrupted(Connection c, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE outbox SET next_attempt_at = ? WHERE next_attempt_at > ? "
        + "AND message_id IN (SELECT id FROM messages WHERE delivery = ?)");
    Columns.setInstant(ps, 1, now);
    Columns.setInstant(ps, 2, now);
    ps.setString(3, DeliveryStatus.SENDING.name());
    return ps.executeUpdate();
  }

  /**
   * Moves the entry to {@code at} if it is still there with {@code attempts} attempts and due at {@code now}
   * (as a read found it); whether it did. A claim moves it to its lease, a pacing defer to its slot: either
   * leaves it due only later, so of two attempts that read the same entry one moves it. A claim given back
   * moves it from its lease ({@code now}) to the time it was read.
   */
  static boolean moveAsRead(Connection c, MessageId message, int attempts, Instant now, Instant at)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE outbox SET next_attempt_at = ? "
        + "WHERE message_id = ? AND attempts = ? AND next_attempt_at <= ?");
    Columns.setInstant(ps, 1, at);
    ps.setString(2, message.value());
    ps.setInt(3, attempts);
    Columns.setInstant(ps, 4, now);
    return ps.executeUpdate() == 1;
  }

  /** Reschedules the entry, or removes it when {@code nextAttemptAt} is null. */
  static void reschedule(Connection c, MessageId message, int attempts, Instant nextAttemptAt) throws SQLException {
    if (nextAttemptAt == null) {
      PreparedStatement ps = Statements.prepare(c, "DELETE FROM outbox WHERE message_id = ?");
      ps.setString(1, message.value());
      ps.executeUpdate();
      return;
    }
    PreparedStatement ps = Statements.prepare(c,
        "UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE message_id = ?");
    ps.setInt(1, attempts);
    Columns.setInstant(ps, 2, nextAttemptAt);
    ps.setString(3, message.value());
    ps.executeUpdate();
  }

  static Optional<String> channelState(Connection c, Channel channel, String key) throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "SELECT state_value FROM channel_state WHERE channel = ? AND state_key = ?");
    ps.setString(1, channel.name());
    ps.setString(2, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  static void putChannelState(Connection c, Channel channel, String key, String value, Instant now)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "INSERT INTO channel_state (channel, state_key, state_value, "
        + "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (channel, state_key) "
        + "DO UPDATE SET state_value = excluded.state_value, updated_at = excluded.updated_at");
    ps.setString(1, channel.name());
    ps.setString(2, key);
    ps.setString(3, value);
    Columns.setInstant(ps, 4, now);
    ps.executeUpdate();
  }
}
