package dev.switchboard.core.store;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way a message written on our side is stored, inside the caller's transaction: a note, an OUT
 * message for the outbox ({@code QUEUED}, its outbox entry in the same transaction), or one sent already.
 * An agent's reply and a follow-up that falls due both come here.
 */
final class AgentMessages {

  private AgentMessages() {}

  /** Appends the message; the same (conversation, author, {@code clientId}) returns the one stored first. */
  static Message append(Connection c, ConversationId conversationId, Direction direction, String author, String text,
      String clientId, DeliveryStatus delivery, Instant now) throws SQLException {
    return append(c, conversationId, direction, author, text, clientId, delivery, List.of(), now);
  }

  /**
   * {@link #append}, taking the agents' uploads {@code attachmentIds} as the message's files (checked by
   * {@link AttachmentRows#claimable}: a refusal throws and the caller's transaction stores nothing).
   */
  static Message append(Connection c, ConversationId conversationId, Direction direction, String author, String text,
      String clientId, DeliveryStatus delivery, List<String> attachmentIds, Instant now) throws SQLException {
    Conversation conv = ConversationRows.require(c, conversationId);
    if (clientId != null) {
      Optional<Message> first = MessageRows.byClientId(c, conversationId, author, clientId);
      if (first.isPresent()) {
        return first.get();
      }
    }
    boolean out = direction == Direction.OUT;
    List<AttachmentRef> uploads = AttachmentRows.claimable(c, conversationId, attachmentIds);
    // A note has nothing to deliver: it is final from the start, like a received message.
    Message message = MessageRows.insert(c,
        NewMessage.ours(conversationId, conv.channel(), direction, author, clientId, text, delivery)
            .withAttachments(uploads.stream().<Blob>map(Blob.Stored::new).toList()), now);
    AttachmentRows.markSent(c, uploads, message.id());
    if (delivery == DeliveryStatus.QUEUED) {
      OutboxRows.enqueue(c, message.id(), conversationId, now);
    }
    if (out && !ConversationStore.SYSTEM_AUTHOR.equals(author)) {
      ConversationRows.markResponded(c, conversationId, now); // the auto-reply is not a response
    } else if (!out) {
      ConversationRows.touch(c, conversationId, now);
    }
    return message;
  }

  /**
   * {@link #append} of the same system message to many conversations at once, for the outbox: one batch of
   * message rows, one of outbox entries. Only for conversations that do not hold a message of {@code author}
   * with {@code clientId} (the caller looked, in the same transaction); the unique index on
   * (conversation, author, client id) fails the whole transaction should one slip through, so nothing is
   * ever stored twice. A system message has no files and marks no response.
   */
  static List<Message> queueAll(Connection c, List<Conversation> conversations, String author, String text,
      String clientId, Instant now) throws SQLException {
    PreparedStatement ps = Statements.batch(c, "INSERT INTO messages (id, conversation_id, channel, "
        + "direction, author, client_id, body, automated, delivery, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    List<Message> out = new ArrayList<>(conversations.size());
    for (Conversation conv : conversations) {
      MessageId id = MessageId.random();
      ps.setString(1, id.value());
      ps.setString(2, conv.id().value());
      ps.setString(3, conv.channel().name());
      ps.setString(4, Direction.OUT.name());
      ps.setString(5, author);
      ps.setString(6, clientId);
      ps.setString(7, text);
      ps.setBoolean(8, false);
      ps.setString(9, DeliveryStatus.QUEUED.name());
      Columns.setInstant(ps, 10, now);
      ps.addBatch();
      out.add(new Message(id, conv.id(), Direction.OUT, author, text, null, List.of(), null, DeliveryStatus.QUEUED,
          null, now));
    }
    Statements.runBatch(ps, out.size());
    OutboxRows.enqueueAll(c, out, now);
    return out;
  }
}
