package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * What an inbound message's ingest needs to know of its sender, read in one statement: the contact owning
 * the sender's address (created when there is none), the newest open conversation of (channel, contact,
 * thread key), and whether any chat's replies were ever forwarded to that address (only then is {@link
 * ContinuityRows#answeredForward} worth asking). Three look-ups a message made one by one before.
 */
record SenderThread(ContactId contact, Optional<Conversation> open, boolean forwardedTo) {

  /**
   * The same statement also asks for a message stored under the inbound one's (channel, external id), the
   * dedupe, which was a statement of its own: on SQLite each statement costs its bindings, a step, a reset
   * and its columns' names through JNI, and a known sender's message is the common case.
   */
  static final String SQL = "SELECT (SELECT m.id FROM messages m WHERE m.channel = ? AND m.external_id = ?), "
      + "i.contact_id, EXISTS (SELECT 1 FROM chat_continuity k "
      + "WHERE k.forwarded_kind = i.kind AND k.forwarded_to = i.address), " + ConversationRows.QUALIFIED_COLUMNS
      + " FROM identities i LEFT JOIN conversations ON conversations.id = (SELECT o.id FROM conversations o "
      + "WHERE o.channel = ? AND o.contact_id = i.contact_id AND o.thread_key = ? AND o.status <> ? "
      + "ORDER BY o.id DESC LIMIT 1) WHERE i.kind = ? AND i.address = ?";

  SenderThread {
    requireNonNull(contact, "contact");
    requireNonNull(open, "open");
  }

  /** What the ingest's first look found: the message stored already, or the sender's thread. */
  sealed interface Lookup {}

  /** {@code stored} holds the inbound message's (channel, external id) already: nothing to do but answer. */
  record Stored(MessageId stored) implements Lookup {
    Stored {
      requireNonNull(stored, "stored");
    }
  }

  /** A new message from {@code thread}'s sender. */
  record Sender(SenderThread thread) implements Lookup {
    Sender {
      requireNonNull(thread, "thread");
    }
  }

  /**
   * {@code thread}'s sender and thread as the writer remembers them ({@link SenderThreads}), and the dedupe not
   * read: whether the message is stored already is for the ingest to ask, by its insert when the message
   * joins the thread's open conversation ({@link MessageRows#insertUnlessStored}), else before it writes.
   */
  record Remembered(SenderThread thread) implements Lookup {
    Remembered {
      requireNonNull(thread, "thread");
    }
  }

  /**
   * The message already stored under {@code m}'s external id, or else its sender's contact and thread, in
   * one statement, which answers whenever a contact has the sender's address; empty when none has (then
   * {@link #unknownSender}). {@link SenderThreads#find} asks it.
   */
  static Optional<Lookup> read(Connection c, InboundMessage m) throws SQLException {
    Channel channel = m.channel();
    PreparedStatement ps = Statements.prepare(c, SQL);
    ps.setString(1, channel.name());
    ps.setString(2, m.externalId());
    ps.setString(3, channel.name());
    ps.setString(4, m.threadKey());
    ps.setString(5, ConversationStatus.RESOLVED.name());
    ps.setString(6, m.sender().kind().name());
    ps.setString(7, m.sender().value());
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      String stored = rs.getString(1);
      if (stored != null) {
        return Optional.of(new Stored(new MessageId(stored)));
      }
      ContactId contact = new ContactId(rs.getString(2));
      boolean forwarded = rs.getBoolean(3);
      rs.getString(4);
      Optional<Conversation> open = rs.wasNull() ? Optional.empty() : Optional.of(ConversationRows.read(rs, 3));
      return Optional.of(new Sender(new SenderThread(contact, open, forwarded)));
    }
  }

  /**
   * For a sender no contact has: the dedupe alone, then a contact named after the message's sender name,
   * made only once the message is known to be new.
   */
  static Lookup unknownSender(Connection c, InboundMessage m, Instant now) throws SQLException {
    Channel channel = m.channel();
    // No contact has the address: the statement had no row to carry the dedupe's answer, so ask it alone.
    Optional<MessageId> stored = MessageRows.idByExternalId(c, channel, m.externalId());
    if (stored.isPresent()) {
      return new Stored(stored.get());
    }
    Optional<ContactId> created = ContactRows.insertNew(c, m.sender(), m.senderName(), now);
    if (created.isPresent()) {
      // A new contact has no conversation.
      return new Sender(new SenderThread(created.get(), Optional.empty(), false));
    }
    // Another node's writer took the address since the look-up: read it the long way.
    ContactId taken = ContactRows.idByIdentity(c, m.sender()).orElseThrow();
    return new Sender(new SenderThread(taken, ConversationRows.openByThread(c, channel, taken, m.threadKey()), true));
  }
}
