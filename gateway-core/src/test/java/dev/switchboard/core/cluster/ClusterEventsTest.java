package dev.switchboard.core.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.IngestOutcome;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes' relays on one schema: what one node's bus carries reaches the other's, once, in order. */
class ClusterEventsTest {

  @TempDir
  Path dir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
  private TwoNodeRelays nodes;

  @BeforeEach
  void open() throws SQLException {
    nodes = TwoNodeRelays.open(dir, clock, meters);
  }

  @AfterEach
  void close() throws Exception {
    if (nodes != null) {
      nodes.close();
    }
  }

  private IngestOutcome ingest(String sid) {
    return nodes.stores.conversations().ingestDetailed(sms(sid)).toCompletableFuture().orTimeout(10, SECONDS).join();
  }

  private InboundMessage sms(String sid) {
    return InboundMessage.builder(Channel.SMS, Identity.phone("+15550002222"), sid, "+15550001111|+15550002222")
        .text("hello " + sid).receivedAt(clock.instant()).build();
  }

  @Test
  void intakeOnOneNodeReachesTheOtherOnceAndNeverEchoes() {
    // As the gateway takes a message in: through the journaled store, then published on its own bus.
    IngestResult result = new StoreIngest(nodes.a.intake(), nodes.busA).accept(sms("SM1")).toCompletableFuture()
        .orTimeout(10, SECONDS).join();
    Conversation conversation = nodes.stores.conversations().conversation(result.conversationId()).toCompletableFuture()
        .orTimeout(10, SECONDS).join().orElseThrow();
    nodes.busA.publish(new GatewayEvent.SlaBreached(conversation, "standard", "first_response",
        clock.instant())); // stays on its node

    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.onB.size() == 2);
    assertThat(nodes.onB.get(0)).isEqualTo(nodes.onA.get(0)).isInstanceOf(GatewayEvent.MessageAdded.class);
    assertThat(nodes.onB.get(1)).isEqualTo(new GatewayEvent.ConversationQueued(conversation, true, false));
    // A marker from gw-b: gw-a reads the table in order, so an echo of its own events would come first.
    GatewayEvent marker = new GatewayEvent.CustomerTyping(conversation.id());
    nodes.busB.publish(marker);
    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.onA.contains(marker));
    assertThat(nodes.onA).hasSize(4);
    assertThat(nodes.onB).hasSize(3); // its own marker, and nothing of it came back
  }

  @Test
  void anIngestsEventsPublishedOnTheBusAreNotSentASecondTime() throws SQLException {
    IngestOutcome stored = ingest("SM1"); // not journaled: only what the relay sends would reach the table
    nodes.busA.publish(new GatewayEvent.MessageAdded(stored.conversation(), stored.message()));
    nodes.busA.publish(new GatewayEvent.ConversationQueued(stored.conversation(), true, false));
    GatewayEvent marker = new GatewayEvent.CustomerTyping(stored.conversation().id());
    nodes.busA.publish(marker);

    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.onB.contains(marker));
    assertThat(nodes.onB).containsExactly(marker);
  }

  @Test
  void rowCommittedLateBehindAHigherOneIsStillDelivered() throws Exception {
    IngestOutcome first = ingest("SM1");
    IngestOutcome second = ingest("SM2");
    try (Connection slow = nodes.db.source.getConnection()) {
      slow.setAutoCommit(false);
      // Another node's insert takes its number first but commits after a later one was read.
      try (PreparedStatement s = slow.prepareStatement("INSERT INTO cluster_events (origin, kind, conversation_id, "
          + "message_id) VALUES ('gw-c', 'MESSAGE_ADDED', ?, ?)")) {
        s.setString(1, first.conversation().id().value());
        s.setString(2, first.message().id().value());
        s.executeUpdate();
      }
      nodes.busA.publish(new GatewayEvent.DeliveryUpdated(second.conversation().id(), second.message().id(),
          DeliveryStatus.SENT, null));
      await().atMost(Duration.ofSeconds(10)).until(() -> nodes.onB.size() == 1);
      slow.commit();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.onB.size() == 2);
    assertThat(nodes.onB).extracting(e -> e instanceof GatewayEvent.MessageAdded m ? m.message().id()
            : ((GatewayEvent.DeliveryUpdated) e).messageId())
        .containsExactly(second.message().id(), first.message().id());
  }

  /**
   * How many events one node's relay carries to another per second, on this machine (a figure, not a
   * bound): 5,000 replies' MessageAdded over 500 conversations, round robin, so each one the receiver reads
   * back is a different conversation and message from the one before.
   */
  @Test
  void thousandsOfEventsCrossInOrder() {
    List<GatewayEvent.MessageAdded> distinct = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<GatewayEvent.MessageAdded>> made = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String phone = String.format("+1555100%04d", i);
      made.add(nodes.stores.conversations().ingestDetailed(InboundMessage.builder(Channel.SMS, Identity.phone(phone),
          "SMX" + i, "+15550001111|" + phone).text("hello").receivedAt(clock.instant()).build()).toCompletableFuture()
          .thenCompose(in -> nodes.stores.conversations().appendAgentMessage(in.conversation().id(),
              Direction.OUT, "alice", "on its way", "c1")
              .thenApply(reply -> new GatewayEvent.MessageAdded(in.conversation(), reply))));
    }
    made.forEach(f -> distinct.add(f.orTimeout(60, SECONDS).join()));
    int n = 5_000;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      nodes.busA.publish(distinct.get(i % distinct.size())); // each read back from the store by the receiver
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> nodes.onB.size() == n);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("cluster events: %d crossed in %.2f s (%.0f/s), load average %s%n", n, seconds, n / seconds,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    assertThat(meters.get("switchboard.cluster.events").tag("direction", "dropped").counter().count()).isZero();
  }
}
