package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ConversationStore} over JDBC: writes through the {@link GroupCommitWriter}, reads on a small pool
 * of reader threads, each with its own connection.
 */
final class JdbcConversationStore implements ConversationStore {

  private final Database db;
  private final GroupCommitWriter writer;
  private final ExecutorService readers;
  private final Clock clock;
  private final MeterRegistry meters;
  private final IngestCounters ingestCounters;
  private final AtomicBoolean closed;
  private final LeaderFence fence;
  private final IntakeJournal journal;
  private final Runnable journalCommitted; // one instance: the writer runs it once per batch by identity
  private final boolean view;
  private final JdbcDeliveries deliveries;
  private final JdbcContacts contacts;
  private final JdbcFollowUps followUps;
  private final JdbcIncidents incidents;
  private final JdbcContinuity continuity;
  private final JdbcCsatSurveys csat;
  private final FullTextSearch fullText;

  JdbcConversationStore(Database db, GroupCommitWriter writer, Clock clock, MeterRegistry meters) {
    this.db = requireNonNull(db, "db");
    this.writer = requireNonNull(writer, "writer");
    this.clock = requireNonNull(clock, "clock");
    this.meters = requireNonNull(meters, "meters");
    this.ingestCounters = new IngestCounters(meters);
    this.closed = new AtomicBoolean();
    this.fence = LeaderFence.NONE;
    this.journal = null;
    this.journalCommitted = null;
    this.view = false;
    AtomicInteger n = new AtomicInteger();
    this.readers = LogContext.propagating(Executors.newFixedThreadPool(Math.max(1, db.readThreads()), r -> {
      Thread t = new Thread(r, "switchboard-store-read-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }));
    this.deliveries = new JdbcDeliveries(writer, this::read, this::leaderOnly, clock);
    this.contacts = new JdbcContacts(writer, this::read, clock);
    this.followUps = new JdbcFollowUps(writer, this::read, this::leaderOnly, clock);
    this.incidents = new JdbcIncidents(writer, this::read, this::leaderOnly, clock);
    this.continuity = new JdbcContinuity(writer, this::read, this::leaderOnly, clock);
    this.csat = new JdbcCsatSurveys(writer, this::read, this::leaderOnly, clock);
    this.fullText = FullTextSearch.of(db.vendor());
  }

  /**
   * A view of {@code store} sharing its connections and threads, whose leader-only writes carry {@code fence}
   * and whose ingests write {@code journal}'s rows (null: none).
   */
  private JdbcConversationStore(JdbcConversationStore store, LeaderFence fence, IntakeJournal journal) {
    this.db = store.db;
    this.writer = store.writer;
    this.clock = store.clock;
    this.meters = store.meters;
    this.ingestCounters = store.ingestCounters;
    this.closed = store.closed;
    this.readers = store.readers;
    this.fence = fence;
    this.journal = journal;
    this.journalCommitted = journal == null ? null : journal::committed;
    this.view = true;
    this.deliveries = new JdbcDeliveries(writer, this::read, this::leaderOnly, clock);
    this.contacts = store.contacts;
    this.followUps = new JdbcFollowUps(writer, this::read, this::leaderOnly, clock);
    this.incidents = new JdbcIncidents(writer, this::read, this::leaderOnly, clock);
    this.continuity = new JdbcContinuity(writer, this::read, this::leaderOnly, clock);
    this.csat = new JdbcCsatSurveys(writer, this::read, this::leaderOnly, clock);
    this.fullText = FullTextSearch.of(db.vendor());
  }

  /** Contacts across channels, on this store's writer and readers. */
  ContactStore contacts() {
    return contacts;
  }

  @Override
  public ConversationStore fencedAt(long term) {
    if (term < 0) {
      throw new IllegalArgumentException("term: " + term + " (expected: >= 0)");
    }
    return new JdbcConversationStore(this, new LeaderFence(term), journal);
  }

  @Override
  public ConversationStore journaledBy(IntakeJournal journal) {
    return new JdbcConversationStore(this, fence, requireNonNull(journal, "journal"));
  }

  /** {@code work}, refused in its own transaction unless this view's term is still the lease's. */
  private <T> Work<T> leaderOnly(String operation, Work<T> work) {
    return c -> {
      try {
        fence.check(c, operation);
      } catch (StaleTermException e) {
        meters.counter("switchboard.cluster.fenced", "operation", operation).increment();
        throw e;
      }
      return work.run(c);
    };
  }

  // ---- ingest ----

  @Override
  public CompletionStage<IngestOutcome> ingestDetailed(InboundMessage message) {
    requireNonNull(message, "message");
    IntakeJournal j = journal;
    Work<IngestOutcome> work = j == null ? c -> IngestTransaction.run(c, message, clock.instant()) : c -> {
      IngestOutcome outcome = IngestTransaction.run(c, message, clock.instant());
      j.record(c, outcome);
      return outcome;
    };
    return writer.submit("ingest", work, journalCommitted)
        .whenComplete((outcome, error) -> {
          if (outcome != null) {
            ingestCounters.count(message.channel(), outcome.result() instanceof IngestResult.Duplicate);
          }
        });
  }

  // ---- reads ----

  @Override
  public CompletionStage<Optional<Conversation>> conversation(ConversationId id) {
    requireNonNull(id, "id");
    return read(c -> ConversationRows.byId(c, id));
  }

  @Override
  public CompletionStage<List<Conversation>> conversations(ConversationQuery query) {
    requireNonNull(query, "query");
    return read(c -> ConversationRows.query(c, query));
  }

  @Override
  public CompletionStage<List<Conversation>> openConversations() {
    return read(ConversationRows::open);
  }

  @Override
  public CompletionStage<ConversationView> view(Conversation conversation, int otherConversations) {
    requireNonNull(conversation, "conversation");
    // The contact as stored now, not as the caller's copy says: a merge may have moved the conversation.
    return read(c -> {
      ContactId contact = ConversationRows.byId(c, conversation.id()).map(Conversation::contactId)
          .orElse(conversation.contactId());
      return new ConversationView(conversation, MessageRows.byConversation(c, conversation.id()),
          ContactRows.byId(c, contact),
          otherConversations <= 0 ? List.of() : ConversationRows.query(c, new ConversationQuery(null, null,
              contact, null, otherConversations + 1)).stream()
              .filter(o -> !o.id().equals(conversation.id())).limit(otherConversations).toList());
    });
  }

  @Override
  public CompletionStage<List<Message>> messages(ConversationId id) {
    requireNonNull(id, "id");
    return read(c -> MessageRows.byConversation(c, id));
  }

  @Override
  public CompletionStage<Optional<Message>> message(MessageId id) {
    requireNonNull(id, "id");
    return read(c -> MessageRows.byId(c, id));
  }

  @Override
  public CompletionStage<Optional<Message>> messageByExternalId(Channel channel, String externalId) {
    requireNonNull(channel, "channel");
    requireNonNull(externalId, "externalId");
    return read(c -> MessageRows.byExternalId(c, channel, externalId));
  }

  @Override
  public CompletionStage<Optional<Conversation>> conversationByRef(String ref) {
    requireNonNull(ref, "ref");
    return read(c -> ConversationRows.byRef(c, IngestTransaction.normalizeRef(ref)));
  }

  @Override
  public CompletionStage<Optional<Contact>> contact(ContactId id) {
    requireNonNull(id, "id");
    return read(c -> ContactRows.byId(c, id));
  }

  @Override
  public CompletionStage<List<SearchHit>> search(SearchQuery query) {
    requireNonNull(query, "query");
    return read(c -> SearchRows.search(c, fullText, query));
  }

  @Override
  public CompletionStage<Optional<Contact>> contactByIdentity(Identity identity) {
    requireNonNull(identity, "identity");
    return read(c -> {
      Optional<ContactId> id = ContactRows.idByIdentity(c, identity);
      return id.isPresent() ? ContactRows.byId(c, id.get()) : Optional.empty();
    });
  }

  // ---- contacts ----

  @Override
  public CompletionStage<Contact> resolveContact(Identity identity, String name) {
    requireNonNull(identity, "identity");
    return writer.submit("resolveContact", c -> {
      ContactId id = ContactRows.resolve(c, identity, name, clock.instant());
      return ContactRows.require(c, id);
    });
  }

  @Override
  public CompletionStage<Contact> linkIdentity(ContactId id, Identity identity) {
    requireNonNull(id, "id");
    requireNonNull(identity, "identity");
    return writer.submit("linkIdentity", c -> ContactRows.link(c, id, identity, clock.instant()));
  }

  @Override
  public CompletionStage<Contact> updateAttributes(ContactId id, Map<String, String> attributes) {
    requireNonNull(id, "id");
    requireNonNull(attributes, "attributes");
    Map<String, String> copy = new java.util.LinkedHashMap<>(attributes);
    return writer.submit("updateAttributes", c -> ContactRows.updateAttributes(c, id, copy, clock.instant()));
  }

  // ---- conversations ----

  @Override
  public CompletionStage<Conversation> openConversation(
      ContactId contactId, Channel channel, String threadKey, String subject, Identity address) {
    requireNonNull(contactId, "contactId");
    requireNonNull(channel, "channel");
    requireNonNull(threadKey, "threadKey");
    if (address != null && address.kind() != IdentityKind.of(channel)) {
      throw new IllegalArgumentException("address: " + address + " (expected: an address of the " + channel
          + " channel)");
    }
    return writer.submit("openConversation", c -> {
      ContactRows.require(c, contactId);
      return ConversationRows.insert(c, contactId, channel, threadKey, subject, ConversationStatus.QUEUED,
          address, clock.instant());
    });
  }

  @Override
  public CompletionStage<Optional<Identity>> customerAddress(ConversationId id) {
    requireNonNull(id, "id");
    return read(c -> ConversationRows.customerAddress(c, id));
  }

  @Override
  public CompletionStage<Conversation> saveConversation(Conversation conversation) {
    requireNonNull(conversation, "conversation");
    return writer.submit("saveConversation",
        leaderOnly("saveConversation", c -> ConversationRows.save(c, conversation, clock.instant())));
  }

  @Override
  public CompletionStage<TagOutcome> retag(ConversationId id, TagChange change) {
    requireNonNull(id, "id");
    requireNonNull(change, "change");
    return writer.submit("retag", c -> TagRows.apply(c, id, change, clock.instant()));
  }

  // ---- outbound ----

  @Override
  public CompletionStage<Message> appendAgentMessage(ConversationId conversationId, Direction direction,
      String author, String text, String clientId, List<String> attachmentIds) {
    requireNonNull(direction, "direction");
    requireNonNull(attachmentIds, "attachmentIds");
    if (direction == Direction.IN) {
      throw new IllegalArgumentException("direction: IN (expected: OUT or NOTE)");
    }
    return append(conversationId, direction, author, text, clientId,
        direction == Direction.OUT ? DeliveryStatus.QUEUED : DeliveryStatus.RECEIVED, List.copyOf(attachmentIds));
  }

  @Override
  public CompletionStage<Message> appendSentMessage(ConversationId conversationId, String author, String text,
      String clientId) {
    return append(conversationId, Direction.OUT, author, text, clientId, DeliveryStatus.SENT, List.of());
  }

  /** A message written here: a note, an OUT message for the outbox ({@code QUEUED}), or one sent already. */
  private CompletionStage<Message> append(ConversationId conversationId, Direction direction, String author,
      String text, String clientId, DeliveryStatus delivery, List<String> attachmentIds) {
    requireNonNull(conversationId, "conversationId");
    requireNonNull(author, "author");
    return writer.submit("appendAgentMessage",
        c -> AgentMessages.append(c, conversationId, direction, author, text, clientId, delivery, attachmentIds,
            clock.instant()));
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

  // ---- attachments ----

  @Override
  public CompletionStage<StoredAttachment> recordUpload(ConversationId conversationId, String uploadedBy,
      AttachmentRef content) {
    requireNonNull(conversationId, "conversationId");
    requireNonNull(uploadedBy, "uploadedBy");
    requireNonNull(content, "content");
    return writer.submit("recordUpload",
        c -> AttachmentRows.insertUpload(c, conversationId, uploadedBy, content, clock.instant()));
  }

  @Override
  public CompletionStage<Optional<StoredAttachment>> attachment(String id) {
    requireNonNull(id, "id");
    return read(c -> AttachmentRows.byId(c, id));
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

  @Override
  public CompletionStage<Void> recordAvailability(String agent, boolean available, Instant at) {
    requireNonNull(agent, "agent");
    requireNonNull(at, "at");
    return writer.submit("recordAvailability", c -> {
      PresenceRows.record(c, agent, available, at);
      return null;
    });
  }

  @Override
  public CompletionStage<Integer> endAvailability(Instant at) {
    requireNonNull(at, "at");
    return writer.submit("endAvailability", c -> PresenceRows.endAll(c, at));
  }

  /** Whether the writer and the readers can still do their work. */
  boolean ready() {
    return !closed.get() && writer.running() && db.ping();
  }

  /** Commits every queued write, then stops the threads and closes the connections. */
  @Override
  public void close() {
    if (view) {
      return; // a view: the store it shares is closed by its owner
    }
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    writer.close();
    readers.shutdown();
    try {
      readers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      db.close();
    }
  }

  /** Runs {@code work} in the writer's next batch (the reports' roll-up). */
  <T> CompletableFuture<T> write(String name, Work<T> work) {
    return writer.submit(name, work);
  }

  /** Runs {@code work} on a reader thread with its own connection (the reports share the pool). */
  <T> CompletableFuture<T> read(Work<T> work) {
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      readers.execute(() -> {
        try (Connection c = db.readConnection()) {
          future.complete(work.run(c));
        } catch (Exception | Error e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new IllegalStateException("store is closed", e));
    }
    return future;
  }
}
