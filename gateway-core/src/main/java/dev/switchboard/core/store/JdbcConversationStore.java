package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ingest.InboundMessage;
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
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link ConversationStore} over JDBC: writes through the {@link GroupCommitWriter}, reads on a small pool
 * of reader threads, each with its own connection ({@link StoreThreads}). It wires the collaborators that
 * do the work, by subject ({@link JdbcReads}, {@link JdbcIntake}, {@link JdbcConversations},
 * {@link JdbcContacts}, {@link JdbcDeliveries}, and the follow-ups', incidents', surveys' and continuity's),
 * each given this view's fence for its leader-only writes, and makes the fenced and journaled views.
 */
final class JdbcConversationStore implements ConversationStore {

  private final StoreThreads threads;
  private final Clock clock;
  private final LeaderOnlyWrites fence;
  private final boolean view;
  private final JdbcIntake intake;
  private final JdbcReads reads;
  private final JdbcConversations conversations;
  private final JdbcContacts contacts;
  private final JdbcDeliveries deliveries;
  private final JdbcFollowUps followUps;
  private final JdbcIncidents incidents;
  private final JdbcContinuity continuity;
  private final JdbcCsatSurveys csat;

  JdbcConversationStore(Database db, GroupCommitWriter writer, Clock clock, MeterRegistry meters) {
    this(new StoreThreads(db, writer), clock, new LeaderOnlyWrites(LeaderFence.NONE, meters),
        new JdbcIntake(writer, clock, new IngestCounters(meters)), false);
  }

  /**
   * The store, or (when {@code view}) a view of one sharing its {@code threads}, whose leader-only writes
   * carry {@code fence} and whose ingests go through {@code intake}.
   */
  private JdbcConversationStore(StoreThreads threads, Clock clock, LeaderOnlyWrites fence, JdbcIntake intake,
      boolean view) {
    this.threads = threads;
    this.clock = requireNonNull(clock, "clock");
    this.fence = fence;
    this.intake = intake;
    this.view = view;
    this.reads = new JdbcReads(threads, FullTextSearch.of(threads.vendor()));
    GroupCommitWriter writer = threads.writer();
    this.conversations = new JdbcConversations(writer, fence, clock);
    this.contacts = new JdbcContacts(writer, threads, clock);
    this.deliveries = new JdbcDeliveries(writer, threads, fence, clock);
    this.followUps = new JdbcFollowUps(writer, threads, fence, clock);
    this.incidents = new JdbcIncidents(writer, threads, fence, clock);
    this.continuity = new JdbcContinuity(writer, threads, fence, clock);
    this.csat = new JdbcCsatSurveys(writer, threads, fence, clock);
  }

  /** Contacts across channels, on this store's writer and readers. */
  ContactStore contacts() {
    return contacts;
  }

  @Override
  public ConversationStore fencedAt(long term) {
    return new JdbcConversationStore(threads, clock, fence.at(term), intake, true);
  }

  @Override
  public ConversationStore journaledBy(IntakeJournal journal) {
    return new JdbcConversationStore(threads, clock, fence, intake.journaledBy(journal), true);
  }

  @Override
  public CompletionStage<IngestOutcome> ingestDetailed(InboundMessage message) {
    return intake.ingest(message);
  }

  // ---- reads: in JdbcReads ----

  @Override
  public CompletionStage<Optional<Conversation>> conversation(ConversationId id) {
    return reads.conversation(id);
  }

  @Override
  public CompletionStage<List<Conversation>> conversations(ConversationQuery query) {
    return reads.conversations(query);
  }

  @Override
  public CompletionStage<List<Conversation>> openConversations() {
    return reads.openConversations();
  }

  @Override
  public CompletionStage<ConversationView> view(Conversation conversation, int otherConversations) {
    return reads.view(conversation, otherConversations);
  }

  @Override
  public CompletionStage<List<Message>> messages(ConversationId id) {
    return reads.messages(id);
  }

  @Override
  public CompletionStage<Optional<Message>> message(MessageId id) {
    return reads.message(id);
  }

  @Override
  public CompletionStage<Optional<Message>> messageByExternalId(Channel channel, String externalId) {
    return reads.messageByExternalId(channel, externalId);
  }

  @Override
  public CompletionStage<Optional<Conversation>> conversationByRef(String ref) {
    return reads.conversationByRef(ref);
  }

  @Override
  public CompletionStage<Optional<Contact>> contact(ContactId id) {
    return reads.contact(id);
  }

  @Override
  public CompletionStage<List<SearchHit>> search(SearchQuery query) {
    return reads.search(query);
  }

  @Override
  public CompletionStage<Optional<Contact>> contactByIdentity(Identity identity) {
    return reads.contactByIdentity(identity);
  }

  @Override
  public CompletionStage<Optional<Identity>> customerAddress(ConversationId id) {
    return reads.customerAddress(id);
  }

  @Override
  public CompletionStage<Optional<StoredAttachment>> attachment(String id) {
    return reads.attachment(id);
  }

  // ---- contacts, conversations and the messages written here: in JdbcContacts and JdbcConversations ----

  @Override
  public CompletionStage<Contact> resolveContact(Identity identity, String name) {
    return contacts.resolveContact(identity, name);
  }

  @Override
  public CompletionStage<Contact> linkIdentity(ContactId id, Identity identity) {
    return contacts.linkIdentity(id, identity);
  }

  @Override
  public CompletionStage<Contact> updateAttributes(ContactId id, Map<String, String> attributes) {
    return contacts.updateAttributes(id, attributes);
  }

  @Override
  public CompletionStage<Conversation> openConversation(
      ContactId contactId, Channel channel, String threadKey, String subject, Identity address) {
    return conversations.openConversation(contactId, channel, threadKey, subject, address);
  }

  @Override
  public CompletionStage<Conversation> saveConversation(Conversation conversation) {
    return conversations.saveConversation(conversation);
  }

  @Override
  public CompletionStage<TagOutcome> retag(ConversationId id, TagChange change) {
    return conversations.retag(id, change);
  }

  @Override
  public CompletionStage<Message> appendAgentMessage(ConversationId conversationId, Direction direction,
      String author, String text, String clientId, List<String> attachmentIds) {
    return conversations.appendAgentMessage(conversationId, direction, author, text, clientId, attachmentIds);
  }

  @Override
  public CompletionStage<Message> appendSentMessage(ConversationId conversationId, String author, String text,
      String clientId) {
    return conversations.appendSentMessage(conversationId, author, text, clientId);
  }

  @Override
  public CompletionStage<StoredAttachment> recordUpload(ConversationId conversationId, String uploadedBy,
      AttachmentRef content) {
    return conversations.recordUpload(conversationId, uploadedBy, content);
  }

  @Override
  public FollowUps followUps() {
    return followUps;
  }

  @Override
  public Incidents incidents() {
    return incidents;
  }

  @Override
  public CsatSurveys csat() {
    return csat;
  }

  @Override
  public Continuity continuity() {
    return continuity;
  }

  // ---- outbox, delivery updates, consent, channel state: in JdbcDeliveries ----

  @Override
  public CompletionStage<Integer> hurryPendingOutbox(Channel channel, Instant now, int limit) {
    return deliveries.hurryPendingOutbox(channel, now, limit);
  }

  @Override
  public CompletionStage<Void> deferOutbox(MessageId messageId, int attempts, Instant at) {
    return deliveries.deferOutbox(messageId, attempts, at);
  }

  @Override
  public CompletionStage<List<OutboxEntry>> dueOutbox(Instant now, Channel channel, int limit) {
    return deliveries.dueOutbox(now, channel, limit);
  }

  @Override
  public CompletionStage<Integer> reclaimInterruptedSends(Instant now) {
    return deliveries.reclaimInterruptedSends(now);
  }

  @Override
  public CompletionStage<Message> recordAttempt(MessageId messageId, DeliveryStatus status, String detail,
      String externalId, int attempts, Instant nextAttemptAt) {
    return deliveries.recordAttempt(messageId, status, detail, externalId, attempts, nextAttemptAt);
  }

  @Override
  public CompletionStage<Optional<Message>> updateDelivery(Channel channel, String externalId, DeliveryStatus status,
      String detail) {
    return deliveries.updateDelivery(channel, externalId, status, detail);
  }

  @Override
  public CompletionStage<HeldUpdates> sweepHeldDeliveryUpdates(Channel channel, Instant heldBefore) {
    return deliveries.sweepHeldDeliveryUpdates(channel, heldBefore);
  }

  @Override
  public CompletionStage<Optional<OptOutState>> optOut(Channel channel, String customerAddress, String ourAddress) {
    return deliveries.optOut(channel, customerAddress, ourAddress);
  }

  @Override
  public CompletionStage<OptOutState> recordOptOut(Channel channel, String customerAddress, String ourAddress,
      OptOutState choice) {
    return deliveries.recordOptOut(channel, customerAddress, ourAddress, choice);
  }

  @Override
  public CompletionStage<Optional<String>> channelState(Channel channel, String key) {
    return deliveries.channelState(channel, key);
  }

  @Override
  public CompletionStage<Void> putChannelState(Channel channel, String key, String value) {
    return deliveries.putChannelState(channel, key, value);
  }

  // ---- agents' presence ----

  @Override
  public CompletionStage<Void> recordAvailability(String agent, boolean available, Instant at) {
    requireNonNull(agent, "agent");
    requireNonNull(at, "at");
    return write("recordAvailability", c -> {
      PresenceRows.record(c, agent, available, at);
      return null;
    });
  }

  @Override
  public CompletionStage<Integer> endAvailability(Instant at) {
    requireNonNull(at, "at");
    return write("endAvailability", c -> PresenceRows.endAll(c, at));
  }

  /** Whether the writer and the readers can still do their work. */
  boolean ready() {
    return threads.ready();
  }

  /** Commits every queued write, then stops the threads and closes the connections. */
  @Override
  public void close() {
    if (!view) { // a view: the store it shares is closed by its owner
      threads.close();
    }
  }

  /** Runs {@code work} in the writer's next batch (the reports' roll-up). */
  <T> CompletableFuture<T> write(String name, Work<T> work) {
    return threads.write(name, work);
  }

  /** Runs {@code work} on a reader thread with its own connection (the reports share the pool). */
  <T> CompletableFuture<T> read(Work<T> work) {
    return threads.read(work);
  }
}
