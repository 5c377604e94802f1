package dev.switchboard.core.outbox;

import static dev.switchboard.core.testing.Futures.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.OutboxEntry;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestChannelAdapter;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read of due entries answers what was due when it ran, not when its answer is used: on a loaded machine
 * an entry it found may have been sent meanwhile by the lane's earlier fill. Such an entry is not sent again.
 */
class OutboxLateReadTest {

  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.startingAt("2026-03-02T10:00:00Z");
  private final EventBus events = new EventBus();
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final TestChannelAdapter chat = new TestChannelAdapter(Channel.CHAT);
  private final OutboxDispatcher.Settings settings = new OutboxDispatcher.Settings(3, Duration.ofSeconds(2),
      Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMillis(50));
  private Stores stores;
  private ConversationStore store;
  private OutboxSender sender;

  @BeforeEach
  void open() {
    stores = TestStores.sqlite(dir, clock);
    store = stores.conversations();
    DeliveryOutcomes outcomes = new DeliveryOutcomes(store, events, clock, meters, settings, () -> 1.0,
        new ChannelHealth(), () -> { });
    sender = new OutboxSender(store, clock, meters, Map.of(Channel.CHAT, chat), settings, outcomes, () -> false);
  }

  @AfterEach
  void close() {
    sender.stop();
    stores.close();
  }

  @Test
  void anEntrySentWhileAnEarlierReadOfItWasAnsweringIsNotSentAgain() {
    ConversationId visitor = await(new StoreIngest(store, events).accept(InboundMessage.builder(Channel.CHAT,
        Identity.chatVisitor("v-1"), "c-1", "v-1").text("hi").receivedAt(clock.instant()).build())).conversationId();
    Message reply = await(store.appendAgentMessage(visitor, Direction.OUT, "alice", "hello", "c-hello"));
    LateDueReads reads = new LateDueReads(store.deliveries());
    Lanes lanes = new Lanes(reads, clock, sender, settings.sendTimeout(), Runnable::run, () -> false);

    lanes.start(Channel.CHAT); // its read finds the reply due; the answer comes late
    assertThat(await(reads.firstRead())).extracting(OutboxEntry::messageId).containsExactly(reply.id());
    assertThat(await(lanes.fillEachOnce())).isEqualTo(1); // meanwhile another fill sends it
    assertThat(chat.sent()).hasSize(1);

    reads.answer();
    Awaitility.await().atMost(10, SECONDS).until(() -> lanes.inFlight() == 0);
    assertThat(chat.sent()).hasSize(1);
    assertThat(await(store.message(reply.id())).orElseThrow().delivery()).isEqualTo(DeliveryStatus.SENT);
  }
}
