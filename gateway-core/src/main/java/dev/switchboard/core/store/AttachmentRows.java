package dev.switchboard.core.store;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Ids;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.AttachmentRefusedException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** SQL for agents' uploads and for finding any attachment by its id. */
final class AttachmentRows {

  private static final String UPLOAD_COLUMNS =
      "id, conversation_id, sha256, filename, content_type, byte_size, message_id";

  private AttachmentRows() {}

  /**
   * Stores an upload of {@code uploadedBy} in {@code conversation}, small content in the same transaction; it
   * waits for a reply to take it.
   */
  static StoredAttachment insertUpload(Connection c, ConversationId conversation, String uploadedBy,
      Blob content, Instant now) throws SQLException {
    ConversationRows.require(c, conversation);
    BlobRows.insert(c, content);
    AttachmentRef ref = content.ref().withId(Ids.next());
    PreparedStatement ps = Statements.prepare(c, "INSERT INTO attachment_uploads (id, conversation_id, uploaded_by, "
        + "sha256, filename, content_type, byte_size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ps.setString(1, ref.id());
    ps.setString(2, conversation.value());
    ps.setString(3, uploadedBy);
    ps.setString(4, ref.sha256());
    ps.setString(5, ref.filename());
    ps.setString(6, ref.contentType());
    ps.setLong(7, ref.size());
    Columns.setInstant(ps, 8, now);
    ps.executeUpdate();
    return new StoredAttachment(ref, conversation, Optional.empty());
  }

  /** The attachment with that id: a message's, else an upload. */
  static Optional<StoredAttachment> byId(Connection c, String id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT a.message_id, m.conversation_id, "
        + MessageRows.ATTACHMENT_COLUMNS + " FROM attachments a JOIN messages m ON m.id = a.message_id "
        + "WHERE a.id = ?");
    ps.setString(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        return Optional.of(new StoredAttachment(MessageRows.attachment(rs, 2),
            new ConversationId(rs.getString(2)), Optional.of(new MessageId(rs.getString(1)))));
      }
    }
    return upload(c, id);
  }

  private static Optional<StoredAttachment> upload(Connection c, String id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + UPLOAD_COLUMNS + " FROM attachment_uploads WHERE id = ?");
    ps.setString(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      String message = rs.getString("message_id");
      return Optional.of(new StoredAttachment(
          new AttachmentRef(rs.getString("id"), rs.getString("sha256"), rs.getString("filename"),
              rs.getString("content_type"), rs.getLong("byte_size"), false),
          new ConversationId(rs.getString("conversation_id")),
          Optional.ofNullable(message).map(MessageId::new)));
    }
  }

  /**
   * The uploads {@code ids} names, checked for a message of {@code conversation}: each must exist, belong
   * to that conversation and not have gone out with another message. Throws
   * {@link AttachmentRefusedException} otherwise; repeats count once.
   */
  static List<AttachmentRef> claimable(Connection c, ConversationId conversation, List<String> ids)
      throws SQLException {
    List<AttachmentRef> out = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      StoredAttachment u = upload(c, id).orElseThrow(() -> new AttachmentRefusedException(Reason.UNKNOWN,
          "no uploaded attachment " + id + " (upload it with POST /api/attachments first)"));
      if (!u.conversationId().equals(conversation)) {
        throw new AttachmentRefusedException(Reason.OTHER_CONVERSATION,
            "attachment " + id + " was uploaded for another conversation");
      }
      if (u.message().isPresent()) {
        throw new AttachmentRefusedException(Reason.ALREADY_SENT, "attachment " + id + " went out with another message");
      }
      out.add(u.ref());
    }
    return out;
  }

  /** Marks the uploads as taken by {@code message}. */
  static void markSent(Connection c, List<AttachmentRef> uploads, MessageId message) throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "UPDATE attachment_uploads SET message_id = ? WHERE id = ? AND message_id IS NULL");
    for (AttachmentRef u : uploads) {
      ps.setString(1, message.value());
      ps.setString(2, u.id());
      if (ps.executeUpdate() != 1) {
        throw new AttachmentRefusedException(Reason.ALREADY_SENT, "attachment " + u.id() + " went out with another message");
      }
    }
  }
}
