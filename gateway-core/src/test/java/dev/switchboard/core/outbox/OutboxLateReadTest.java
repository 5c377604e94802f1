package dev.switchboard.core.outbox;

import static dev.switchboard.core.testing.Futures.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.SendPace;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.MergeOutcome;
import dev.switchboard.core.store.OutboxEntry;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestChannelAdapter;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
  private final TestChannelAdapter email = new TestChannelAdapter(Channel.EMAIL);
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
    sender = new OutboxSender(store, clock, meters, Map.of(Channel.CHAT, chat, Channel.EMAIL, email), settings,
        outcomes, () -> false);
  }

  @AfterEach
  void close() {
    sender.stop();
    stores.close();
  }

  @Test
  void anEntrySentWhileAnEarlierReadOfItWasAnsweringIsNotSentAgain() {
    Message reply = await(store.appendAgentMessage(visitor("v-1"), Direction.OUT, "alice", "hello", "c-hello"));
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

  /**
   * The channel's pacing has no slot for a late read's entry, which another fill tried meanwhile (a retry
   * later): the entry keeps its retry, and its attempts, instead of being put back to its read's, and the slot
   * booked for it goes back to the sender.
   */
  @Test
  void aLateReadsEntryRetriedMeanwhileIsNotPutBackByItsPacing() {
    chat.paced(SendPace.of(1.0, c -> "one sender")).thenAnswer(new Delivery.Retry("503 Service Unavailable"));
    Message reply = await(store.appendAgentMessage(visitor("v-2"), Direction.OUT, "alice", "hello", "c-hello"));
    LateDueReads reads = new LateDueReads(store.deliveries());
    Lanes lanes = new Lanes(reads, clock, sender, settings.sendTimeout(), Runnable::run, () -> false);

    lanes.start(Channel.CHAT); // its read finds the reply due; the answer comes late
    assertThat(await(reads.firstRead())).extracting(OutboxEntry::messageId).containsExactly(reply.id());
    assertThat(await(lanes.fillEachOnce())).isEqualTo(1); // meanwhile another fill tries it: retry in 2 s
    Instant retryAt = clock.instant().plus(settings.baseDelay());

    reads.answer(); // the sender's next slot is 1 s away
    Awaitility.await().atMost(10, SECONDS).until(() -> lanes.inFlight() == 0);
    assertThat(chat.sent()).hasSize(1);
    assertThat(await(store.deliveries().dueOutbox(retryAt, Channel.CHAT, 10))).containsExactly(
        new OutboxEntry(reply.id(), reply.conversationId(), 1, retryAt));
    assertThat(meters.counter("switchboard.outbox.paced", "channel", "chat").count()).isZero();

    // The slot the late read's pacing booked went back: the sender's next reply is put back to it (1 s), not
    // to the one after it (2 s).
    Message next = await(store.appendAgentMessage(visitor("v-3"), Direction.OUT, "alice", "next", "c-next"));
    assertThat(await(lanes.fillEachOnce())).isEqualTo(1);
    Instant slot = clock.instant().plusSeconds(1);
    assertThat(await(store.deliveries().dueOutbox(slot, Channel.CHAT, 10))).containsExactly(
        new OutboxEntry(next.id(), next.conversationId(), 0, slot));
    assertThat(meters.counter("switchboard.outbox.paced", "channel", "chat").count()).isEqualTo(1);
  }

  /**
   * A late read's forward, sent meanwhile, whose address an unmerge then took from the contact: the attempt
   * on the late read's word finds no address, and leaves the message sent, not failed.
   */
  @Test
  void aLateReadsEntrySentMeanwhileIsNotMarkedFailedForWantOfAnAddress() {
    ConversationId chatId = visitor("v-3");
    Contact visitor = await(store.contacts().find(await(store.conversation(chatId)).orElseThrow().contactId()))
        .orElseThrow();
    Identity address = Identity.email("v3@example.com");
    Contact mailer = await(store.contacts().resolve(address, "V3"));
    String mergeId = ((MergeOutcome.Done) await(store.contacts().merge(visitor.id(), mailer.id(), "alice")))
        .merge().id();
    await(store.continuity().visitorLeft(chatId, clock.instant()));
    Message missed = await(store.appendAgentMessage(chatId, Direction.OUT, "alice", "still there?", "c-missed"));
    Message forward = await(store.continuity().forward(chatId, missed.id(), address, "Your chat", "still there?"))
        .orElseThrow();
    LateDueReads reads = new LateDueReads(store.deliveries());
    Lanes lanes = new Lanes(reads, clock, sender, settings.sendTimeout(), Runnable::run, () -> false);

    lanes.start(Channel.EMAIL); // its read finds the forward due; the answer comes late
    assertThat(await(reads.firstRead())).extracting(OutboxEntry::messageId).containsExactly(forward.id());
    assertThat(await(lanes.fillEachOnce())).isEqualTo(2); // meanwhile another fill sends it (and the chat reply)
    assertThat(email.sent()).hasSize(1);
    assertThat(await(store.contacts().unmerge(visitor.id(), mergeId, "alice"))).isInstanceOf(MergeOutcome.Done.class);

    reads.answer();
    Awaitility.await().atMost(10, SECONDS).until(() -> lanes.inFlight() == 0);
    assertThat(email.sent()).hasSize(1);
    assertThat(await(store.message(forward.id())).orElseThrow().delivery()).isEqualTo(DeliveryStatus.SENT);
  }

  private ConversationId visitor(String id) {
    return await(new StoreIngest(store, events).accept(InboundMessage.builder(Channel.CHAT,
        Identity.chatVisitor(id), "c-" + id, id).text("hi").receivedAt(clock.instant()).build())).conversationId();
  }
}
