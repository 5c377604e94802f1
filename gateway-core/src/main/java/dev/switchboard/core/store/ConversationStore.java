package dev.switchboard.core.store;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.util.List;
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

  /**
   * What the router's rules read about an arriving conversation, with up to {@code otherConversations} of
   * the contact's other conversations, in one read: the columns the rules look at, not whole rows.
   */
  CompletionStage<ArrivalFacts> arrival(Conversation conversation, int otherConversations);

  CompletionStage<Optional<Message>> message(MessageId id);

  /** The message a channel knows by {@code externalId} (Message-ID, MessageSid), inbound or sent. */
  CompletionStage<Optional<Message>> messageByExternalId(Channel channel, String externalId);

  /** The conversation with that short ref (case-insensitive; O reads as 0, I and L as 1). */
  CompletionStage<Optional<Conversation>> conversationByRef(String ref);

  /**
   * Full-text search over message text, conversation subjects, contact names and identities: the
   * conversations in {@code query.scope()} with a match for every word, best first, each with its best
   * match. The database ranks; see docs/storage.md.
   */
  CompletionStage<List<SearchHit>> search(SearchQuery query);

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

  // ---- messages ----

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

  /**
   * Stores a message the channel already delivered in its answer to the provider (an SMS HELP answer
   * sent in TwiML): {@link Direction#OUT}, {@link DeliveryStatus#SENT}, no outbox entry, not a response
   * unless {@code author} is an agent. {@code clientId} dedupes as in {@link #appendAgentMessage}.
   */
  CompletionStage<Message> appendSentMessage(ConversationId conversationId, String author, String text,
      String clientId);

  // ---- facets: the same view's (a fenced store's facets are fenced) ----

  /** The outbox and the delivery state of sent messages; its outbox writes are leader-only. */
  Deliveries deliveries();

  /** Contacts: finding, resolving, attributes, merges. */
  ContactStore contacts();

  /** Attachments by id, and agents' uploads for a reply. */
  Attachments attachments();

  /** Customers' opt-outs per pair of addresses. */
  OptOuts optOuts();

  /** The channels' small durable values. */
  ChannelState channelState();

  /** Agents' stretches of presence (the staffing report). */
  Presence presence();

  /** Follow-ups agents scheduled; {@link FollowUps#fire} is leader-only. */
  FollowUps followUps();

  /** Incidents and the conversations linked to them; their leader-only writes are fenced. */
  Incidents incidents();

  /** Satisfaction surveys; asking is leader-only. */
  CsatSurveys csat();

  /** Chats whose visitor left, and the replies forwarded to them by e-mail or SMS; forwarding is leader-only. */
  Continuity continuity();

  // ---- cluster ----

  /**
   * A view of this store for the cluster's leader at lease term {@code term}: its leader-only writes
   * ({@link #saveConversation}, and those of its facets: the outbox's in {@link #deliveries}, firing a
   * follow-up, asking a survey, forwarding a reply, the incidents') commit only while {@code term} is still
   * the lease's term, checked by the database in the write's own transaction, and fail with
   * {@link StaleTermException} otherwise. Everything else is this store's. Closing the view closes nothing.
   */
  default ConversationStore fencedAt(long term) {
    throw new UnsupportedOperationException("this store cannot fence writes by a lease term");
  }

  /**
   * A view of this store whose {@link #ingestDetailed} also writes {@code journal}'s rows in the ingest's
   * own transaction (and tells it once per committed batch). Everything else, facets included, is this
   * store's (fenced if this store is); closing the view closes nothing.
   */
  default ConversationStore journaledBy(IntakeJournal journal) {
    throw new UnsupportedOperationException("this store cannot journal its intake");
  }

  @Override
  void close();
}
