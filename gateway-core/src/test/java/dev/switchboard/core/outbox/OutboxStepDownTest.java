package dev.switchboard.core.outbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.LogCapture;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestChannelAdapter;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader stepping down with sends in flight: its outbox stops with one INFO line, no error, and every
 * reply is sent by the next leader's outbox (PostgreSQL, where a test can hold the outbox's claims).
 */
class OutboxStepDownTest {

  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.startingAt("2026-03-02T10:00:00Z");
  private final EventBus events = new EventBus();
  private String url;
  private String schema;
  private Stores stores;
  private ConversationStore store;

  @BeforeEach
  void open() throws SQLException {
    url = TestStores.postgresUrl();
    assumeTrue(url != null, "needs " + TestStores.POSTGRES_URL_ENV);
    schema = TestStores.createSchema(url);
    stores = Stores.open(TestStores.postgresConfig(url, schema, dir), clock, new SimpleMeterRegistry());
    store = stores.conversations();
  }

  @AfterEach
  void close() throws SQLException {
    if (stores != null) {
      stores.close();
    }
    if (schema != null) {
      TestStores.dropSchema(url, schema);
    }
  }

  @Test
  void steppingDownMidSendLogsOneInfoLineAndTheNextLeaderSendsEveryReply() throws Exception {
    ConversationId conversation = new StoreIngest(store, events).accept(InboundMessage.builder(Channel.SMS,
        Identity.phone("+15557654321"), "SM1", "+15550001111|+15557654321").text("hi").receivedAt(clock.instant())
        .build()).toCompletableFuture().orTimeout(10, SECONDS).join().conversationId();
    List<MessageId> replies = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      replies.add(store.appendAgentMessage(conversation, Direction.OUT, "alice", "reply " + i, "c" + i)
          .toCompletableFuture().orTimeout(10, SECONDS).join().id());
    }
    TestChannelAdapter first = new TestChannelAdapter(Channel.SMS);
    OutboxDispatcher leaving = dispatcher(first);

    CompletableFuture<Integer> round;
    try (LogCapture logs = LogCapture.start()) {
      String schemaUrl = TestStores.postgresConfig(url, schema, dir).postgres().url();
      try (Connection blocker = DriverManager.getConnection(schemaUrl);
          Connection watcher = DriverManager.getConnection(schemaUrl)) {
        int holder = backendPid(blocker);
        blocker.setAutoCommit(false);
        try (PreparedStatement s = blocker.prepareStatement("SELECT id FROM messages WHERE direction = 'OUT' FOR UPDATE")) {
          s.executeQuery().close();
        }
        round = leaving.runOnce().toCompletableFuture();
        // The claims (recordAttempt: sending) wait on the rows this connection holds.
        await().atMost(Duration.ofSeconds(20)).until(() -> waitsFor(watcher, holder)); // autocommit: a fresh view each time
        leaving.close(); // the step-down, with every attempt in flight
        blocker.rollback();
      }
      round.get(20, SECONDS);

      // The whole outbox package (dispatcher, sender, outcomes): no class of it may log a failure.
      String outboxPackage = OutboxDispatcher.class.getPackageName() + ".";
      List<String> outbox = logs.lines().stream().filter(l -> l.contains(outboxPackage)).toList();
      assertThat(outbox).noneMatch(l -> l.startsWith("ERROR") || l.startsWith("WARN"));
      assertThat(outbox).filteredOn(l -> l.startsWith("INFO")).singleElement().asString()
          .contains("Outbox stopped with 5 sends in flight", "left for the next leader");
      assertThat(logs.lines()).noneMatch(l -> l.contains("RejectedExecutionException"));
    }
    assertThat(first.sent()).isEmpty();

    TestChannelAdapter next = new TestChannelAdapter(Channel.SMS);
    OutboxDispatcher taking = dispatcher(next).start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> next.sent().size() >= 5);
      assertThat(next.sent()).extracting(OutboundMessage::message).extracting(Message::id)
          .containsExactlyInAnyOrderElementsOf(replies);
      await().atMost(Duration.ofSeconds(10)).until(() -> replies.stream().allMatch(
          id -> await(store.message(id)).orElseThrow().delivery() == DeliveryStatus.SENT));
    } finally {
      taking.close();
    }
  }

  private OutboxDispatcher dispatcher(TestChannelAdapter adapter) {
    return new OutboxDispatcher(store, events, clock, new SimpleMeterRegistry(), List.of(adapter),
        new OutboxDispatcher.Settings(3, Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(5),
            Duration.ofMillis(100)), () -> 1.0);
  }

  /** Whether a session waits for a lock that {@code holder} holds. */
  private static boolean waitsFor(Connection c, int holder) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")) {
      s.setInt(1, holder);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  private static int backendPid(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
