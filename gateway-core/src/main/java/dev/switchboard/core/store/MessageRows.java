package dev.switchboard.core.store;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Ids;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for messages and their attachment metadata. */
final class MessageRows {

  /** What {@link Row#read} reads, in its order. */
  private static final String COLUMNS =
      "id, conversation_id, direction, author, body, html, external_id, delivery, delivery_detail, created_at";
  /** What {@link #attachment} reads, in its order, qualified by {@code a}: the attachments table's alias. */
  static final String ATTACHMENT_COLUMNS = "a.id, a.sha256, a.filename, a.content_type, a.byte_size, a.is_inline";

  private static final String INSERT = "INSERT INTO messages (id, conversation_id, channel, direction, author, "
      + "client_id, external_id, subject, body, full_body, html, metadata, automated, delivery, received_at, "
      + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_UNLESS_STORED = INSERT + " ON CONFLICT (channel, external_id) DO NOTHING";

  private MessageRows() {}

  static Message insert(Connection c, NewMessage m, Instant now) throws SQLException {
    return write(c, INSERT, m, now).orElseThrow();
  }

  /**
   * As {@link #insert}, unless a message holds {@code m}'s (channel, external id) already: then nothing is
   * written and the answer is empty. The unique index {@code messages_by_external_id}, which the insert probes
   * anyway, is then the inbound message's dedupe: no look-up statement of its own before it.
   */
  static Optional<Message> insertUnlessStored(Connection c, NewMessage m, Instant now) throws SQLException {
    return write(c, INSERT_UNLESS_STORED, m, now);
  }

  private static Optional<Message> write(Connection c, String sql, NewMessage m, Instant now) throws SQLException {
    MessageId id = MessageId.random();
    PreparedStatement ps = Statements.prepare(c, sql);
    ps.setString(1, id.value());
    ps.setString(2, m.conversationId().value());
    ps.setString(3, m.channel().name());
    ps.setString(4, m.direction().name());
    Columns.setString(ps, 5, m.author());
    Columns.setString(ps, 6, m.clientId());
    Columns.setString(ps, 7, m.externalId());
    Columns.setString(ps, 8, m.subject());
    ps.setString(9, m.text() == null ? "" : m.text());
    Columns.setString(ps, 10, m.fullText());
    Columns.setString(ps, 11, m.html());
    Columns.setString(ps, 12, m.metadata().isEmpty() ? null : Columns.stringMapJson(m.metadata()));
    ps.setBoolean(13, m.automated());
    ps.setString(14, m.delivery().name());
    Columns.setInstant(ps, 15, m.receivedAt());
    Columns.setInstant(ps, 16, now);
    if (ps.executeUpdate() == 0) {
      return Optional.empty();
    }
    List<AttachmentRef> attachments = new ArrayList<>(m.attachments().size());
    if (!m.attachments().isEmpty()) {
      BlobRows.insert(c, m.attachments()); // small content, in this message's transaction
      ps = Statements.prepare(c, "INSERT INTO attachments (message_id, position, sha256, "
          + "filename, content_type, byte_size, is_inline, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      int position = 0;
      for (Blob blob : m.attachments()) {
        AttachmentRef a = blob.ref();
        AttachmentRef stored = a.id() != null ? a : a.withId(Ids.next());
        attachments.add(stored);
        ps.setString(1, id.value());
        ps.setInt(2, position++);
        ps.setString(3, a.sha256());
        ps.setString(4, a.filename());
        ps.setString(5, a.contentType());
        ps.setLong(6, a.size());
        ps.setBoolean(7, a.inline());
        ps.setString(8, stored.id());
        ps.executeUpdate();
      }
    }
    return Optional.of(new Message(id, m.conversationId(), m.direction(), m.author(), m.text(), m.html(), attachments,
        m.externalId(), m.delivery(), null, now));
  }

  static Optional<Message> byId(Connection c, MessageId id) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM messages WHERE id = ?", id.value());
  }

  static Optional<Message> byExternalId(Connection c, Channel channel, String externalId) throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "SELECT " + COLUMNS + " FROM messages WHERE channel = ? AND external_id = ?");
    ps.setString(1, channel.name());
    ps.setString(2, externalId);
    return first(c, ps);
  }

  /**
   * The id of the channel's message with that provider id: the ingest's dedupe, asked once per inbound
   * message and nearly always answered with nothing. One column rather than the message's ten, because the
   * SQLite driver fetches every result column's name natively on each query, found or not.
   */
  static Optional<MessageId> idByExternalId(Connection c, Channel channel, String externalId) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT id FROM messages WHERE channel = ? AND external_id = ?");
    ps.setString(1, channel.name());
    ps.setString(2, externalId);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(new MessageId(rs.getString(1))) : Optional.empty();
    }
  }

  static Optional<Message> byClientId(Connection c, ConversationId conversation, String author, String clientId)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS
        + " FROM messages WHERE conversation_id = ? AND author = ? AND client_id = ?");
    ps.setString(1, conversation.value());
    ps.setString(2, author);
    ps.setString(3, clientId);
    return first(c, ps);
  }

  /**
   * The conversations of the {@code externalIds} that name a stored message of the channel, inbound or
   * outbound, in the order of the ids and without repeats.
   */
  static List<ConversationId> conversationsOf(Connection c, Channel channel, List<String> externalIds)
      throws SQLException {
    if (externalIds.isEmpty()) {
      return List.of();
    }
    Map<String, String> found = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT external_id, conversation_id FROM messages "
        + "WHERE channel = ? AND external_id IN (" + Columns.placeholders(externalIds.size()) + ")")) {
      ps.setString(1, channel.name());
      for (int i = 0; i < externalIds.size(); i++) {
        ps.setString(i + 2, externalIds.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return externalIds.stream().filter(found::containsKey).map(x -> new ConversationId(found.get(x))).distinct().toList();
  }

  /** The conversation's messages, oldest first. */
  static List<Message> byConversation(Connection c, ConversationId conversation) throws SQLException {
    List<Row> rows = new ArrayList<>();
    PreparedStatement ps = Statements.prepare(c,
        "SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? ORDER BY id");
    ps.setString(1, conversation.value());
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(Row.read(rs));
      }
    }
    Map<String, List<AttachmentRef>> attachments = new HashMap<>();
    ps = Statements.prepare(c, "SELECT a.message_id, " + ATTACHMENT_COLUMNS + " FROM attachments a "
        + "JOIN messages m ON m.id = a.message_id WHERE m.conversation_id = ? ORDER BY a.message_id, a.position");
    ps.setString(1, conversation.value());
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        attachments.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(attachment(rs, 1));
      }
    }
    List<Message> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(row.toMessage(attachments.getOrDefault(row.id, List.of())));
    }
    return out;
  }

  static void setDelivery(Connection c, MessageId id, DeliveryStatus status, String detail, String externalId)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE messages SET delivery = ?, delivery_detail = ?, "
        + "external_id = COALESCE(?, external_id) WHERE id = ?");
    ps.setString(1, status.name());
    Columns.setString(ps, 2, detail);
    Columns.setString(ps, 3, externalId);
    ps.setString(4, id.value());
    if (ps.executeUpdate() != 1) {
      throw new java.util.NoSuchElementException("no message " + id);
    }
  }

  private static Optional<Message> one(Connection c, String sql, String arg) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, sql);
    ps.setString(1, arg);
    return first(c, ps);
  }

  private static Optional<Message> first(Connection c, PreparedStatement ps) throws SQLException {
    Row row;
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      row = Row.read(rs);
    }
    List<AttachmentRef> attachments = new ArrayList<>();
    PreparedStatement a = Statements.prepare(c, "SELECT " + ATTACHMENT_COLUMNS + " FROM attachments a "
        + "WHERE a.message_id = ? ORDER BY a.position");
    a.setString(1, row.id);
    try (ResultSet rs = a.executeQuery()) {
      while (rs.next()) {
        attachments.add(attachment(rs, 0));
      }
    }
    return Optional.of(row.toMessage(attachments));
  }

  /**
   * The attachment in the six columns that follow column {@code before} of {@code rs}, in the order of
   * {@link #ATTACHMENT_COLUMNS}. Read by position: by name, the SQLite driver builds a map of the result's
   * column names for every result set.
   */
  static AttachmentRef attachment(ResultSet rs, int before) throws SQLException {
    int i = before;
    return new AttachmentRef(rs.getString(++i), rs.getString(++i), rs.getString(++i), rs.getString(++i),
        rs.getLong(++i), rs.getBoolean(++i));
  }

  /** A message row before its attachments are joined in. */
  private record Row(String id, String conversationId, String direction, String author, String body, String html,
      String externalId, String delivery, String deliveryDetail, Instant createdAt) {

    /** The row in {@link #COLUMNS}, read by position (see {@link MessageRows#attachment}). */
    static Row read(ResultSet rs) throws SQLException {
      return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
          rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), Columns.instant(rs, 10));
    }

    Message toMessage(List<AttachmentRef> attachments) {
      return new Message(new MessageId(id), new ConversationId(conversationId), Direction.valueOf(direction),
          author, body, html, attachments, externalId, DeliveryStatus.valueOf(delivery), deliveryDetail, createdAt);
    }
  }
}
