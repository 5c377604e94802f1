package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Identity;
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

  private static final String SQL = "SELECT i.contact_id, EXISTS (SELECT 1 FROM chat_continuity k "
      + "WHERE k.forwarded_kind = i.kind AND k.forwarded_to = i.address), " + ConversationRows.QUALIFIED_COLUMNS
      + " FROM identities i LEFT JOIN conversations ON conversations.id = (SELECT o.id FROM conversations o "
      + "WHERE o.channel = ? AND o.contact_id = i.contact_id AND o.thread_key = ? AND o.status <> ? "
      + "ORDER BY o.id DESC LIMIT 1) WHERE i.kind = ? AND i.address = ?";

  SenderThread {
    requireNonNull(contact, "contact");
    requireNonNull(open, "open");
  }

  /** The sender's contact and thread; a sender never seen before gets a contact named {@code name}. */
  static SenderThread find(Connection c, Channel channel, Identity sender, String name, String threadKey,
      Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, SQL);
    ps.setString(1, channel.name());
    ps.setString(2, threadKey);
    ps.setString(3, ConversationStatus.RESOLVED.name());
    ps.setString(4, sender.kind().name());
    ps.setString(5, sender.value());
    try (ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        ContactId contact = new ContactId(rs.getString(1));
        boolean forwarded = rs.getBoolean(2);
        rs.getString(3);
        Optional<Conversation> open = rs.wasNull() ? Optional.empty() : Optional.of(ConversationRows.read(rs, 2));
        return new SenderThread(contact, open, forwarded);
      }
    }
    Optional<ContactId> created = ContactRows.insertNew(c, sender, name, now);
    if (created.isPresent()) {
      return new SenderThread(created.get(), Optional.empty(), false); // a new contact has no conversation
    }
    // Another node's writer took the address since the look-up: read it the long way.
    ContactId taken = ContactRows.idByIdentity(c, sender).orElseThrow();
    return new SenderThread(taken, ConversationRows.openByThread(c, channel, taken, threadKey), true);
  }
}
