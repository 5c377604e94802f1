package dev.switchboard.core.store;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The durable conversation model. Every write goes through one writer thread that group-commits; a
 * write's stage completes only after the commit that holds it. Reads may run concurrently. Stages
 * complete on store threads: callers on an event loop hop back themselves.
 *
 * <p>Write stages complete on one completion thread, in commit order (so events published from them keep
 * that order). A continuation must therefore be quick and must not block; blocking work (IMAP flags,
 * HTTP calls) belongs on the caller's own executor ({@code thenRunAsync(..., executor)}) or on a thread
 * that waits with {@code get()}. Unknown ids in writes fail the stage with
 * {@link java.util.NoSuchElementException}.
 */
public interface ConversationStore extends AutoCloseable {

  /**
   * The author of the messages the gateway writes itself (the auto-reply): they go out through the
   * outbox like an agent's, but do not count as the first response.
   */
  String SYSTEM_AUTHOR = "system";

  // ---- ingest ----

  /**
   * Stores a customer's message: dedupes on (channel, external id), resolves or creates the contact,
   * threads it (references, then conversation ref, then open conversation by thread key, else new;
   * a resolved conversation found by reference is reopened) and appends it, in one transaction.
   * Publishes nothing: {@link dev.switchboard.core.ingest.Ingest} does that after the commit.
   */
  default CompletionStage<IngestResult> ingest(InboundMessage message) {
    return ingestDetailed(message).thenApply(IngestOutcome::result);
  }

  /**
   * {@link #ingest}, also giving the conversation and message as committed, so that the caller can
   * publish events without reading them back.
   */
  CompletionStage<IngestOutcome> ingestDetailed(InboundMessage message);

  // ---- reads ----

  CompletionStage<Optional<Conversation>> conversation(ConversationId id);

  CompletionStage<List<Conversation>> conversations(ConversationQuery query);

  /** Every open (queued or assigned) conversation, for rebuilding the router after a restart. */
  CompletionStage<List<Conversation>> openConversations();

  /** The conversation's messages, oldest first. */
  CompletionStage<List<Message>> messages(ConversationId id);

  /**
   * The conversation's messages, its contact and up to {@code otherConversations} of the contact's other
   * conversations, in one read (a desk's {@code offer}, {@code assigned} and {@code history}).
   */
  CompletionStage<ConversationView> view(Conversation conversation, int otherConversations);

  CompletionStage<Optional<Message>> message(MessageId id);

  /** The message a channel knows by {@code externalId} (Message-ID, MessageSid), inbound or sent. */
  CompletionStage<Optional<Message>> messageByExternalId(Channel channel, String externalId);

  /** The conversation with that short ref (case-insensitive; O reads as 0, I and L as 1). */
  CompletionStage<Optional<Conversation>> conversationByRef(String ref);

  CompletionStage<Optional<Contact>> contact(ContactId id);

  /**
   * Full-text search over message text, conversation subjects, contact names and identities: the
   * conversations in {@code query.scope()} with a match for every word, best first, each with its best
   * match. The database ranks; see docs/storage.md.
   */
  CompletionStage<List<SearchHit>> search(SearchQuery query);

  CompletionStage<Optional<Contact>> contactByIdentity(Identity identity);

  // ---- contacts ----

  /** The contact with that identity, created (with {@code name}) when there is none. */
  CompletionStage<Contact> resolveContact(Identity identity, String name);

  /**
   * Adds another identity to a contact (a chat visitor who gives an e-mail address, say) and returns the
   * contact as it now is. Fails with {@link IllegalStateException} when another contact owns it already.
   */
  CompletionStage<Contact> linkIdentity(ContactId id, Identity identity);

  /** Sets attributes (a {@code null} value removes one); returns the contact as it now is. */
  CompletionStage<Contact> updateAttributes(ContactId id, Map<String, String> attributes);

  // ---- conversations ----

  /**
   * Opens a conversation with no message yet (proactive outreach) with the customer at {@code address}
   * (one of the contact's identities, of the channel's kind), where its replies go.
   */
  CompletionStage<Conversation> openConversation(ContactId contactId, Channel channel, String threadKey,
      String subject, Identity address);

  /** Opens a conversation with no recorded address: its replies go to the contact's first one of the channel's kind. */
  default CompletionStage<Conversation> openConversation(ContactId contactId, Channel channel, String threadKey,
      String subject) {
    return openConversation(contactId, channel, threadKey, subject, null);
  }

  /**
   * The customer's address a conversation is with: the sender of the message that opened it, the address
   * a proactive one was started to; empty for one opened before the gateway recorded it.
   */
  CompletionStage<Optional<Identity>> customerAddress(ConversationId id);

  /**
   * Writes a conversation's mutable fields (status, tier, skills, assignee, last agent, queue and SLA
   * times) as given, and returns what was stored. The router is their one owner.
   */
  CompletionStage<Conversation> saveConversation(Conversation conversation);

  /**
   * Adds and removes tags, in one transaction, unless the conversation would then carry more than
   * {@link dev.switchboard.core.model.Tags#MAX_PER_CONVERSATION} ({@link TagOutcome.TooMany}: nothing written).
   */
  CompletionStage<TagOutcome> retag(ConversationId id, TagChange change);

  // ---- outbound ----

  /** Follow-ups agents scheduled; a fenced view's are fenced too. */
  FollowUps followUps();

  /** Incidents and the conversations linked to them; a fenced view's leader-only writes are fenced too. */
  Incidents incidents();
  /** Satisfaction surveys; a fenced view's asks are fenced too. */
  CsatSurveys csat();

  /** Chats whose visitor left, and the replies forwarded to them by e-mail or SMS. */
  Continuity continuity();

  /**
   * Appends an agent's message. For {@link Direction#OUT} an outbox entry is written in the same
   * transaction and the first response is marked (unless the author is {@link #SYSTEM_AUTHOR});
   * {@link Direction#NOTE} stays internal. {@code clientId} dedupes an agent's resend:
   * the same (conversation, author, clientId) returns the message stored the first time.
   */
  default CompletionStage<Message> appendAgentMessage(
      ConversationId conversationId, Direction direction, String author, String text, String clientId) {
    return appendAgentMessage(conversationId, direction, author, text, clientId, List.of());
  }

  /**
   * {@link #appendAgentMessage}, with the agents' uploads {@code attachmentIds} as its attachments, in the
   * same transaction. Each must be an upload of this conversation not yet taken by another message; else
   * the stage fails with {@link AttachmentRefusedException} and nothing is stored.
   */
  CompletionStage<Message> appendAgentMessage(ConversationId conversationId, Direction direction, String author,
      String text, String clientId, List<String> attachmentIds);

  // ---- attachments ----

  /**
   * Records content an agent (or an admin) uploaded for a reply in {@code conversationId}, under a new
   * attachment id; fails with {@link java.util.NoSuchElementException} for an unknown conversation.
   */
  CompletionStage<StoredAttachment> recordUpload(ConversationId conversationId, String uploadedBy, AttachmentRef content);

  /** Any attachment by its id, with its conversation: a message's, or an upload not yet sent. */
  CompletionStage<Optional<StoredAttachment>> attachment(String id);

  /**
   * Stores a message the channel already delivered in its answer to the provider (an SMS HELP answer
   * sent in TwiML): {@link Direction#OUT}, {@link DeliveryStatus#SENT}, no outbox entry, not a response
   * unless {@code author} is an agent. {@code clientId} dedupes as in {@link #appendAgentMessage}.
   */
  CompletionStage<Message> appendSentMessage(ConversationId conversationId, String author, String text,
      String clientId);

  /**
   * Makes up to {@code limit} of the {@code channel}'s {@link DeliveryStatus#PENDING} outbox entries due
   * at {@code now}, those due soonest first; returns how many. The outbox probes a failing provider with
   * one, and sends the rest at once when the provider is back, instead of letting each wait out its backoff.
   */
  CompletionStage<Integer> hurryPendingOutbox(Channel channel, Instant now, int limit);

  /**
   * Moves an outbox entry to {@code at} without counting an attempt (it waits for its sender's next send
   * slot: the provider's rate). Leader-only, like {@link #recordAttempt}.
   */
  CompletionStage<Void> deferOutbox(MessageId messageId, int attempts, Instant at);

  /**
   * Outbox entries due at {@code now} that leave through {@code channel} (their recipient's kind, or their
   * conversation's channel), oldest first: one channel's lane, so a slow provider never holds back another.
   */
  CompletionStage<List<OutboxEntry>> dueOutbox(Instant now, Channel channel, int limit);

  /**
   * Makes every entry whose message is still {@link DeliveryStatus#SENDING} due at {@code now}, and
   * returns how many. Called once as the outbox starts, before it sends anything: a send still marked
   * so was cut off by a stop or a crash of the process that began it, and need not wait out its lease.
   * (With one node per store; a cluster must fence this with the leader's term.)
   */
  CompletionStage<Integer> reclaimInterruptedSends(Instant now);

  /**
   * Records a send attempt's outcome: the message's delivery state, its external id when sent, and the
   * outbox entry rescheduled to {@code nextAttemptAt} or removed when {@code nextAttemptAt} is null.
   * Delivery updates held for that external id (see {@link #updateDelivery}) are applied in the same
   * transaction. Completes with the message as it then is.
   */
  CompletionStage<Message> recordAttempt(
      MessageId messageId, DeliveryStatus status, String detail, String externalId, int attempts, Instant nextAttemptAt);

  /**
   * A provider's status callback: moves the delivery state of the message with that external id, only
   * forward ({@link DeliveryStatus#advancesTo}), and completes with the message. When no message has that
   * id yet (the callback overtook the outbox recording it) the update is <em>held</em> durably and the
   * stage completes empty; {@link #recordAttempt} applies it when the id is recorded.
   */
  CompletionStage<Optional<Message>> updateDelivery(Channel channel, String externalId, DeliveryStatus status, String detail);

  /**
   * Applies the held updates of {@code channel} whose message now has the id (left by a race between
   * nodes, or a stop between two writes), and drops those held since before {@code heldBefore}.
   */
  CompletionStage<HeldUpdates> sweepHeldDeliveryUpdates(Channel channel, Instant heldBefore);

  // ---- consent ----

  /** The customer's opt-out for one pair of addresses (theirs, ours), when one was ever recorded. */
  CompletionStage<Optional<OptOutState>> optOut(Channel channel, String customerAddress, String ourAddress);

  /**
   * Records an opt-out or opt-in for one pair of addresses unless one decided at the same time or later
   * is stored (the latest keyword wins, whatever order they are recorded in); completes with what is in force.
   */
  CompletionStage<OptOutState> recordOptOut(Channel channel, String customerAddress, String ourAddress,
      OptOutState choice);

  // ---- channel state ----

  /** A channel's small durable values (IMAP UIDVALIDITY and last UID, say). */
  CompletionStage<Optional<String>> channelState(Channel channel, String key);

  CompletionStage<Void> putChannelState(Channel channel, String key, String value);

  // ---- agents' presence (the staffing report) ----

  /**
   * Records that {@code agent} became able to take work (a stretch of presence begins at {@code at}) or
   * stopped (the open stretch ends). Beginning while a stretch is open, or ending when none is, changes nothing.
   */
  CompletionStage<Void> recordAvailability(String agent, boolean available, Instant at);

  /** Ends every open stretch of presence at {@code at}, and returns how many there were. */
  CompletionStage<Integer> endAvailability(Instant at);

  // ---- cluster ----

  /**
   * A view of this store for the cluster's leader at lease term {@code term}: its leader-only writes
   * ({@link #saveConversation}, {@link #hurryPendingOutbox}, {@link #reclaimInterruptedSends},
   * {@link #recordAttempt}) commit only while {@code term} is still the lease's term, checked by the
   * database in the write's own transaction, and fail with {@link StaleTermException} otherwise. Everything
   * else is this store's. Closing the view closes nothing.
   */
  default ConversationStore fencedAt(long term) {
    throw new UnsupportedOperationException("this store cannot fence writes by a lease term");
  }

  /**
   * A view of this store whose {@link #ingestDetailed} also writes {@code journal}'s rows in the ingest's
   * own transaction (and tells it once per committed batch). Everything else is this store's; closing the
   * view closes nothing.
   */
  default ConversationStore journaledBy(IntakeJournal journal) {
    throw new UnsupportedOperationException("this store cannot journal its intake");
  }

  @Override
  void close();
}
