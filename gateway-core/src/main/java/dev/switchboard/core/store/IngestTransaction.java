package dev.switchboard.core.store;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One inbound message into the model, inside the writer's transaction: dedupe, contact, threading, append.
 * Threading tries, in order: a stored message (ours or theirs) named in {@code references}, the first
 * match in list order; the conversation whose ref the message carries; the open conversation of the same
 * channel, contact and thread key (for an SMS, a chat whose replies were forwarded to the sender since wins:
 * {@link ContinuityRows#answeredForward}); else a new conversation. The first two only name a conversation, they
 * prove nothing about the sender (anyone can copy a Message-ID or a subject token), so both join it only
 * when the sender is that conversation's contact ({@link #writableBy}); a stranger starts their own. A resolved
 * conversation found by the first two is reopened, unless the message is automated: automated mail never
 * makes work, so it neither reopens nor opens a queued conversation (a new one starts resolved). A
 * human's mail that answers one of our proof mails proves the claimed address in the same transaction
 * ({@link ProofRows#answered}).
 */
final class IngestTransaction {

  private IngestTransaction() {}

  /** Ingests {@code m}; {@code senders} answers the sender's look-up and learns what the ingest wrote. */
  static IngestOutcome run(Connection c, InboundMessage m, Instant now, SenderThreads senders)
      throws SQLException {
    SenderThread.Lookup lookup = senders.find(c, m, now);
    if (lookup instanceof SenderThread.Stored stored) {
      return duplicate(c, stored.stored());
    }
    SenderThread sender = lookup instanceof SenderThread.Remembered remembered ? remembered.thread()
        : ((SenderThread.Sender) lookup).thread();
    Conversation found = findThread(c, m, sender).orElse(null);
    // Whether the message goes to its thread's open conversation, or starts one (there was none).
    boolean onThread = found == null || sender.open().map(Conversation::id).filter(found.id()::equals).isPresent();
    Message message = null;
    if (lookup instanceof SenderThread.Remembered) {
      // Nobody has asked whether the message is stored already. Into the thread's open conversation (a
      // known sender's next message: the common case) the insert asks, through the unique index it probes
      // anyway, before the conversation is touched; anything else asks first, since it writes before the insert.
      if (found != null && onThread) {
        Optional<Message> inserted = MessageRows.insertUnlessStored(c, NewMessage.inbound(found.id(), m), now);
        if (inserted.isEmpty()) {
          return duplicate(c, MessageRows.idByExternalId(c, m.channel(), m.externalId()).orElseThrow());
        }
        message = inserted.get();
      } else {
        Optional<MessageId> stored = MessageRows.idByExternalId(c, m.channel(), m.externalId());
        if (stored.isPresent()) {
          return duplicate(c, stored.get());
        }
      }
    }
    ContactId contact = sender.contact();
    Conversation conv = found;
    boolean created = false;
    boolean reopened = false;
    if (conv == null) {
      ConversationStatus status = m.automated() ? ConversationStatus.RESOLVED : ConversationStatus.QUEUED;
      conv = ConversationRows.insert(c, contact, m.channel(), m.threadKey(), m.subject(), status, m.sender(), now);
      created = true;
    } else if (!conv.status().isOpen() && !m.automated()) {
      conv = ConversationRows.reopen(c, conv, now);
      reopened = true;
    } else {
      ConversationRows.touch(c, conv.id(), now);
      conv = ConversationRows.touched(conv, now);
    }
    if (message == null) {
      message = MessageRows.insert(c, NewMessage.inbound(conv.id(), m), now);
    }
    // A human's mail answering our proof mail proves the address; an auto-responder's proves nothing.
    Optional<EmailProof.Proved> proof = m.channel() == Channel.EMAIL && !m.automated()
        ? ProofRows.answered(c, m.sender(), conv.id(), m.references(), now)
        : Optional.empty();
    // The conversation is already as its row reads now (inserted, touched or reopened above); only a proof,
    // which may merge contacts and so move it, makes it worth reading again.
    if (proof.isPresent()) {
      conv = ConversationRows.require(c, conv.id());
    }
    if (onThread && !reopened && proof.isEmpty()) {
      senders.wrote(m, sender, conv);
    } else {
      // Found by reference, ref or forward, reopened, or moved by a proof's merge: it may be the open
      // conversation of another thread, or another sender's; nothing remembered can be trusted.
      senders.forget();
    }
    return new IngestOutcome(new IngestResult.Stored(conv.id(), message.id(), created, reopened), conv, message,
        proof);
  }

  /** The answer to a message stored already: the ids and rows of its first ingest; nothing is written. */
  private static IngestOutcome duplicate(Connection c, MessageId stored) throws SQLException {
    Message first = MessageRows.byId(c, stored).orElseThrow();
    Conversation conv = ConversationRows.require(c, first.conversationId());
    return new IngestOutcome(new IngestResult.Duplicate(conv.id(), first.id()), conv, first);
  }

  private static Optional<Conversation> findThread(Connection c, InboundMessage m, SenderThread sender)
      throws SQLException {
    ContactId contact = sender.contact();
    for (ConversationId referenced : MessageRows.conversationsOf(c, m.channel(), m.references())) {
      // A reply names the thread's own conversation most of the time: the sender's look-up holds it already.
      Optional<Conversation> open = sender.open().filter(o -> o.id().equals(referenced));
      Optional<Conversation> byReference = (open.isPresent() ? open : ConversationRows.byId(c, referenced))
          .filter(writableBy(contact));
      if (byReference.isPresent()) {
        return byReference;
      }
    }
    if (m.conversationRef() != null && !m.conversationRef().isBlank()) {
      Optional<Conversation> byRef = ConversationRows.byRef(c, normalizeRef(m.conversationRef()))
          .filter(writableBy(contact));
      if (byRef.isPresent()) {
        return byRef;
      }
    }
    Optional<Conversation> byThread = sender.open();
    if (m.channel() == Channel.SMS && sender.forwardedTo()) {
      // An SMS has no references: one from the number a chat's replies were forwarded to answers that chat.
      Optional<Conversation> forwarded = ContinuityRows.answeredForward(c, contact, m.sender(), byThread);
      if (forwarded.isPresent()) {
        return forwarded;
      }
    }
    return byThread;
  }

  /** Who may add to a conversation they name: its own contact, and no one else. */
  private static Predicate<Conversation> writableBy(ContactId sender) {
    return conversation -> conversation.contactId().equals(sender);
  }

  /** Refs are Crockford base-32: case-insensitive, with O read as 0 and I, L as 1. */
  static String normalizeRef(String ref) {
    return ref.strip().toUpperCase(Locale.ROOT).replace('O', '0').replace('I', '1').replace('L', '1');
  }
}
