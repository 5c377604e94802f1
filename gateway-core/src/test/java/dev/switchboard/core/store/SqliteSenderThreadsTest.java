package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SQLite writer remembers of senders and threads ({@link SenderThreads}) is forgotten where a
 * {@link IngestAfterOtherWritesContract} cannot reach: a transaction rolled back, a commit by another
 * connection to the file; and it is kept through the router's saves, which tell it the row they wrote.
 */
class SqliteSenderThreadsTest {

  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private Database db;

  @BeforeEach
  void open() throws Exception {
    db = Database.sqlite(dir.resolve("s.db"), 2);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void aConversationARolledBackBatchOpenedIsNotJoinedWhenItsMessageRunsAgainAlone() throws Exception {
    // Batches of exactly two: the writer waits for company longer than any test runs.
    GroupCommitWriter writer = new GroupCommitWriter(db, 2, Duration.ofHours(1), meters);
    JdbcIntake intake = new JdbcIntake(writer, clock, new IngestCounters(meters));
    String from = Inbound.address();
    String thread = Inbound.messageId();
    // Automated mail starts resolved conversations: the writer learns the sender and a thread with none open.
    CompletableFuture<IngestOutcome> a1 = intake.ingest(Inbound.reply(from, Inbound.messageId(), thread)
        .automated(true).build()).toCompletableFuture();
    CompletableFuture<IngestOutcome> a2 = intake.ingest(Inbound.reply(from, Inbound.messageId(), thread)
        .automated(true).build()).toCompletableFuture();
    get(a1);
    get(a2);
    assertThat(writer.senders().size()).isEqualTo(2);

    // A person's mail opens a conversation on the thread; an ingest in the same batch fails, so it never was.
    CompletableFuture<IngestOutcome> human = intake.ingest(Inbound.reply(from, Inbound.messageId(), thread)
        .build()).toCompletableFuture();
    SenderThreads.Exact<Void> failing = c -> {
      throw new SQLException("an ingest that fails");
    };
    CompletableFuture<Void> failed = writer.submit("ingest", failing);

    IngestOutcome stored = get(human);
    assertThatThrownBy(() -> get(failed)).hasRootCauseMessage("an ingest that fails");
    assertThat(((IngestResult.Stored) stored.result()).newConversation()).isTrue();
    try (Connection c = db.readConnection()) {
      assertThat(ConversationRows.require(c, stored.conversation().id())).isEqualTo(stored.conversation());
    }
    writer.close();
  }

  @Test
  void aConversationAnotherConnectionResolvedIsNotJoinedByTheNextMessage() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 16, Duration.ofMillis(1), meters);
    JdbcIntake intake = new JdbcIntake(writer, clock, new IngestCounters(meters));
    String phone = Inbound.phone();
    Conversation first = null;
    for (int i = 0; i < 3; i++) {
      first = get(intake.ingest(Inbound.sms(phone, "SM" + Inbound.token()).build()).toCompletableFuture())
          .conversation();
    }
    assertThat(writer.senders().size()).isEqualTo(2);
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
        PreparedStatement ps = other.prepareStatement("UPDATE conversations SET status = ? WHERE id = ?")) {
      ps.setString(1, ConversationStatus.RESOLVED.name());
      ps.setString(2, first.id().value());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }

    IngestOutcome next = get(intake.ingest(Inbound.sms(phone, "SM" + Inbound.token()).build()).toCompletableFuture());

    assertThat(next.conversation().id()).isNotEqualTo(first.id());
    assertThat(((IngestResult.Stored) next.result()).newConversation()).isTrue();
    writer.close();
  }

  @Test
  void aKnownSendersRetryIntoItsOpenConversationIsADuplicateThatWritesNothing() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 16, Duration.ZERO, meters);
    JdbcIntake intake = new JdbcIntake(writer, clock, new IngestCounters(meters));
    String phone = Inbound.phone();
    IngestOutcome last = null;
    String sid = null;
    for (int i = 0; i < 3; i++) {
      sid = "SM" + Inbound.token();
      last = get(intake.ingest(Inbound.sms(phone, sid).build()).toCompletableFuture());
    }
    // The third message came from memory: its dedupe was the insert's.
    assertThat(writer.senders().size()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(5));

    IngestOutcome retry = get(intake.ingest(Inbound.sms(phone, sid).build()).toCompletableFuture());

    assertThat(retry.result()).isEqualTo(new IngestResult.Duplicate(last.conversation().id(), last.message().id()));
    try (Connection c = db.readConnection()) {
      assertThat(messageCount(c, last.conversation())).isEqualTo(3);
      // Nothing was written for the retry: the conversation is as the third message left it.
      assertThat(ConversationRows.require(c, last.conversation().id())).isEqualTo(last.conversation());
    }
    // The next new message still joins the conversation, from memory.
    IngestOutcome next = get(intake.ingest(Inbound.sms(phone, "SM" + Inbound.token()).build()).toCompletableFuture());
    assertThat(next.conversation().id()).isEqualTo(last.conversation().id());
    assertThat(next.result()).isInstanceOf(IngestResult.Stored.class);
    writer.close();
  }

  @Test
  void aKnownSendersRetryThatWouldOpenAConversationIsADuplicateThatOpensNone() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 16, Duration.ZERO, meters);
    JdbcIntake intake = new JdbcIntake(writer, clock, new IngestCounters(meters));
    String from = Inbound.address();
    String thread = Inbound.messageId();
    // Automated mail starts resolved conversations: the writer remembers the thread with none open, so the
    // next mail on it makes a conversation, and its dedupe must be asked before that.
    IngestOutcome last = null;
    String id = null;
    for (int i = 0; i < 3; i++) {
      id = Inbound.messageId();
      last = get(intake.ingest(Inbound.reply(from, id, thread).automated(true).build()).toCompletableFuture());
    }
    assertThat(writer.senders().size()).isEqualTo(2);

    IngestOutcome retry = get(intake.ingest(Inbound.reply(from, id, thread).automated(true).build())
        .toCompletableFuture());

    assertThat(retry.result()).isEqualTo(new IngestResult.Duplicate(last.conversation().id(), last.message().id()));
    try (Connection c = db.readConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM conversations WHERE contact_id = ?")) {
      ps.setString(1, last.conversation().contactId().value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(3);
      }
    }
    writer.close();
  }

  @Test
  void aKnownSendersMessageAfterTheRouterSavedAnotherSendersConversationIsAnsweredFromMemory() throws Exception {
    try (Stores stores = TestStores.sqlite(dir, clock, meters)) {
      ConversationStore store = stores.conversations();
      String known = Inbound.phone();
      Conversation theirs = knownSender(store, known);
      // A new sender's conversation, saved by the router as it queues or offers it: what a surge does to each.
      Conversation other = sms(store, Inbound.phone()).conversation();
      get(store.saveConversation(other.toBuilder().status(ConversationStatus.ASSIGNED).assignee("alice")
          .lastAgent("alice").build()).toCompletableFuture());
      long reads = stores.senders().reads();

      IngestOutcome next = sms(store, known);

      assertThat(stores.senders().reads()).isEqualTo(reads);
      assertThat(next.conversation().id()).isEqualTo(theirs.id());
      assertThat(next.conversation()).isEqualTo(stored(stores, theirs));
    }
  }

  @Test
  void aKnownSendersMessageAfterTheRouterSavedTheirConversationCarriesItAsSavedFromMemory() throws Exception {
    try (Stores stores = TestStores.sqlite(dir, clock, meters)) {
      ConversationStore store = stores.conversations();
      String known = Inbound.phone();
      Conversation theirs = knownSender(store, known);
      get(store.saveConversation(theirs.toBuilder().status(ConversationStatus.ASSIGNED).tier("vip").assignee("alice")
          .lastAgent("alice").build()).toCompletableFuture());
      long reads = stores.senders().reads();
      clock.advance(Duration.ofSeconds(1));

      IngestOutcome next = sms(store, known);

      assertThat(stores.senders().reads()).isEqualTo(reads);
      assertThat(next.conversation().id()).isEqualTo(theirs.id());
      assertThat(next.conversation().assignee()).isEqualTo("alice");
      assertThat(next.conversation().tier()).isEqualTo("vip");
      assertThat(next.conversation()).isEqualTo(stored(stores, theirs));
    }
  }

  @Test
  void aKnownSendersMessageAfterTheRouterResolvedTheirConversationReadsTheirThreadAgain() throws Exception {
    try (Stores stores = TestStores.sqlite(dir, clock, meters)) {
      ConversationStore store = stores.conversations();
      String known = Inbound.phone();
      Conversation theirs = knownSender(store, known);
      get(store.saveConversation(theirs.toBuilder().status(ConversationStatus.RESOLVED).assignee(null).build())
          .toCompletableFuture());
      long reads = stores.senders().reads();

      IngestOutcome next = sms(store, known);

      // The thread may hold an older open conversation: only the statement knows which is open now.
      assertThat(stores.senders().reads()).isEqualTo(reads + 1);
      assertThat(next.conversation().id()).isNotEqualTo(theirs.id());
      assertThat(((IngestResult.Stored) next.result()).newConversation()).isTrue();
    }
  }

  /** Three messages from {@code phone}: the first makes the contact, the second reads it, the third is remembered. */
  private Conversation knownSender(ConversationStore store, String phone) throws Exception {
    Conversation conversation = null;
    for (int i = 0; i < 3; i++) {
      conversation = sms(store, phone).conversation();
      clock.advance(Duration.ofSeconds(1));
    }
    return conversation;
  }

  private static IngestOutcome sms(ConversationStore store, String phone) throws Exception {
    return get(store.ingestDetailed(Inbound.sms(phone, "SM" + Inbound.token()).build()).toCompletableFuture());
  }

  private static Conversation stored(Stores stores, Conversation c) throws Exception {
    return get(stores.conversations().conversation(c.id()).toCompletableFuture()).orElseThrow();
  }

  private static int messageCount(Connection c, Conversation conversation) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM messages WHERE conversation_id = ?")) {
      ps.setString(1, conversation.id().value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
