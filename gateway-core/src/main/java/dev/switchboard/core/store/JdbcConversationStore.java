package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
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
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@link ConversationStore} over JDBC: writes through the {@link GroupCommitWriter}, reads on a small pool
 * of reader threads, each with its own connection ({@link StoreThreads}). It does the conversations' and
 * messages' work itself (customers' messages through {@link JdbcIntake}); each view (the store, a fenced
 * one, a journaled one) builds its own {@link JdbcFacets} with its fence.
 */
final class JdbcConversationStore implements ConversationStore {

  private final StoreThreads threads;
  private final GroupCommitWriter writer;
  private final Clock clock;
  private final LeaderOnlyWrites fence;
  private final JdbcIntake intake;
  private final FullTextSearch fullText;
  private final SearchIndex searchIndex;
  private final boolean view;
  private final JdbcFacets facets;

  /** The store on {@code threads} and its search index, which it closes when it is closed. */
  JdbcConversationStore(StoreThreads threads, SearchIndex searchIndex, Clock clock, MeterRegistry meters) {
    this(threads, searchIndex, clock, new LeaderOnlyWrites(LeaderFence.NONE, meters),
        new JdbcIntake(threads.writer(), clock, new IngestCounters(meters)), false);
  }

  /**
   * The store, or (when {@code view}) a view of one sharing its {@code threads}, whose leader-only writes
   * carry {@code fence} and whose ingests go through {@code intake}.
   */
  private JdbcConversationStore(StoreThreads threads, SearchIndex searchIndex, Clock clock, LeaderOnlyWrites fence,
      JdbcIntake intake, boolean view) {
    this.threads = threads;
    this.searchIndex = requireNonNull(searchIndex, "searchIndex");
    this.writer = threads.writer();
    this.clock = requireNonNull(clock, "clock");
    this.fence = fence;
    this.intake = intake;
    this.fullText = FullTextSearch.of(threads.vendor());
    this.view = view;
    this.facets = JdbcFacets.of(threads, fence, clock);
  }

  @Override
  public ConversationStore fencedAt(long term) {
    return new JdbcConversationStore(threads, searchIndex, clock, fence.at(term), intake, true);
  }

  @Override
  public ConversationStore journaledBy(IntakeJournal journal) {
    return new JdbcConversationStore(threads, searchIndex, clock, fence, intake.journaledBy(journal), true);
  }

  @Override
  public CompletionStage<IngestOutcome> ingestDetailed(InboundMessage message) {
    return intake.ingest(message);
  }

  // ---- reads ----

  @Override
  public CompletionStage<Optional<Conversation>> conversation(ConversationId id) {
    requireNonNull(id, "id");
    return threads.read(c -> ConversationRows.byId(c, id));
  }

  @Override
  public CompletionStage<List<Conversation>> conversations(ConversationQuery query) {
    requireNonNull(query, "query");
    return threads.read(c -> ConversationLists.query(c, query));
  }

  @Override
  public CompletionStage<List<Conversation>> openConversations() {
    return threads.read(ConversationLists::open);
  }

  @Override
  public CompletionStage<ConversationView> view(Conversation conversation, int otherConversations) {
    requireNonNull(conversation, "conversation");
    // The contact as stored now, not as the caller's copy says: a merge may have moved the conversation.
    // One read transaction: the parts agree, and a reader resets its cache once, not once a statement.
    return threads.readTogether(c -> {
      ContactId contact = contactNow(c, conversation);
      return new ConversationView(conversation, MessageRows.byConversation(c, conversation.id()),
          ContactRows.byId(c, contact),
          otherConversations <= 0 ? List.of() : ConversationLists.query(c,
              ConversationQuery.all().contact(contact).limit(otherConversations + 1)).stream()
              .filter(o -> !o.id().equals(conversation.id())).limit(otherConversations).toList());
    });
  }

  @Override
  public CompletionStage<ArrivalFacts> arrival(Conversation conversation, int otherConversations) {
    requireNonNull(conversation, "conversation");
    // As view: the contact as stored now, all parts in one read transaction.
    return threads.readTogether(c -> {
      ContactId contact = contactNow(c, conversation);
      return new ArrivalFacts(ContactRows.byId(c, contact), ArrivalRows.lastInboundText(c, conversation.id()),
          otherConversations <= 0 ? List.of()
              : ArrivalRows.handled(c, contact, conversation.id(), otherConversations));
    });
  }

  /** {@code conversation}'s contact as its row says now (a merge may have moved it), else the caller's copy's. */
  private static ContactId contactNow(Connection c, Conversation conversation) throws SQLException {
    return ArrivalRows.contactOf(c, conversation.id()).orElse(conversation.contactId());
  }

  @Override
  public CompletionStage<List<Message>> messages(ConversationId id) {
    requireNonNull(id, "id");
    return threads.read(c -> MessageRows.byConversation(c, id));
  }

  @Override
  public CompletionStage<Optional<Message>> message(MessageId id) {
    requireNonNull(id, "id");
    return threads.read(c -> MessageRows.byId(c, id));
  }

  @Override
  public CompletionStage<Optional<Message>> messageByExternalId(Channel channel, String externalId) {
    requireNonNull(channel, "channel");
    requireNonNull(externalId, "externalId");
    return threads.read(c -> MessageRows.byExternalId(c, channel, externalId));
  }

  @Override
  public CompletionStage<Optional<Conversation>> conversationByRef(String ref) {
    requireNonNull(ref, "ref");
    return threads.read(c -> ConversationRows.byRef(c, IngestTransaction.normalizeRef(ref)));
  }

  @Override
  public CompletionStage<List<SearchHit>> search(SearchQuery query) {
    requireNonNull(query, "query");
    // Exact: on SQLite the messages committed so far are indexed first (a write of the writer's), then read.
    return searchIndex.upToDate().thenCompose(indexed -> threads.read(c -> SearchRows.search(c, fullText, query)));
  }

  @Override
  public CompletionStage<Optional<Identity>> customerAddress(ConversationId id) {
    requireNonNull(id, "id");
    return threads.read(c -> ConversationRows.customerAddress(c, id));
  }

  // ---- writes ----

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
  public CompletionStage<Conversation> saveConversation(Conversation conversation) {
    requireNonNull(conversation, "conversation");
    // The writer's memory of senders' threads is told the row as saved, and kept: a surge saves every new conversation.
    return writer.submit("saveConversation", writer.senders().saving(
        fence.leaderOnly("saveConversation", c -> ConversationRows.save(c, conversation, clock.instant()))));
  }

  @Override
  public CompletionStage<TagOutcome> retag(ConversationId id, TagChange change) {
    requireNonNull(id, "id");
    requireNonNull(change, "change");
    return writer.submit("retag", c -> TagRows.apply(c, id, change, clock.instant()));
  }

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

  // ---- facets, built for this view ----

  @Override
  public Deliveries deliveries() {
    return facets.deliveries();
  }

  @Override
  public ContactStore contacts() {
    return facets.contacts();
  }

  @Override
  public Attachments attachments() {
    return facets.attachments();
  }

  @Override
  public OptOuts optOuts() {
    return facets.optOuts();
  }

  @Override
  public ChannelState channelState() {
    return facets.channelState();
  }

  @Override
  public Presence presence() {
    return facets.presence();
  }

  @Override
  public FollowUps followUps() {
    return facets.followUps();
  }

  @Override
  public Incidents incidents() {
    return facets.incidents();
  }

  @Override
  public CsatSurveys csat() {
    return facets.csat();
  }

  @Override
  public Continuity continuity() {
    return facets.continuity();
  }

  /** Commits every queued write, then stops the threads and closes the connections. */
  @Override
  public void close() {
    if (!view) { // a view: the store it shares is closed by its owner
      searchIndex.close();
      threads.close();
    }
  }
}
