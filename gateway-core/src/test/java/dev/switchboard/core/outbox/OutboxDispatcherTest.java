package dev.switchboard.core.outbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent.DeliveryUpdated;
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
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestChannelAdapter;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox against a real SQLite store and a recording adapter, with time moved by hand. */
class OutboxDispatcherTest {

  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.startingAt("2026-03-02T10:00:00Z");
  private final EventBus events = new EventBus();
  private final List<DeliveryUpdated> updates = new CopyOnWriteArrayList<>();
  private final TestChannelAdapter sms = new TestChannelAdapter(Channel.SMS);
  private Stores stores;
  private ConversationStore store;
  private OutboxDispatcher outbox;
  private ConversationId conversation;

  @BeforeEach
  void open() {
    stores = TestStores.sqlite(dir, clock);
    store = stores.conversations();
    events.subscribe(e -> {
      if (e instanceof DeliveryUpdated d) {
        updates.add(d);
      }
    });
    outbox = dispatcher(new SimpleMeterRegistry(), sms, Duration.ofSeconds(5), Duration.ofMillis(100));
    conversation = new StoreIngest(store, events).accept(InboundMessage.builder(Channel.SMS,
        Identity.phone("+15557654321"), "SM1", "+15550001111|+15557654321").text("hi").receivedAt(clock.instant())
        .build()).toCompletableFuture().orTimeout(10, SECONDS).join().conversationId();
  }

  @AfterEach
  void close() {
    outbox.close();
    stores.close();
  }

  /**
   * An outbox on this test's store: three tries, backoff from 2 s doubling to a minute, jitter 1.0 (each delay
   * exactly base * 2^(n-1)), with the send timeout and poll interval given.
   */
  private OutboxDispatcher dispatcher(MeterRegistry meters, TestChannelAdapter adapter, Duration sendTimeout,
      Duration pollInterval) {
    return new OutboxDispatcher(store, events, clock, meters, List.of(adapter),
        new OutboxDispatcher.Settings(3, Duration.ofSeconds(2), Duration.ofMinutes(1), sendTimeout, pollInterval),
        () -> 1.0);
  }

  private Message reply(String text) {
    return store.appendAgentMessage(conversation, Direction.OUT, "alice", text, "c-" + text)
        .toCompletableFuture().orTimeout(10, SECONDS).join();
  }

  private Message reload(Message m) {
    return store.message(m.id()).toCompletableFuture().orTimeout(10, SECONDS).join().orElseThrow();
  }

  private int round() {
    return outbox.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join();
  }

  @Test
  void aChannelThatQuotesItsThreadIsHandedTheEarlierMessagesWithoutTheReplyItself() {
    sms.quotingThread();
    reply("hello");

    assertThat(round()).isEqualTo(1);

    assertThat(sms.sent()).singleElement().satisfies(out ->
        assertThat(out.thread()).extracting(Message::text).containsExactly("hi"));
  }

  @Test
  void sendsAReplyToTheCustomersNumberAndRecordsItAsSent() {
    Message m = reply("hello");

    assertThat(round()).isEqualTo(1);

    assertThat(sms.sent()).singleElement().satisfies(out -> {
      assertThat(out.to()).isEqualTo(Identity.phone("+15557654321"));
      assertThat(out.attempt()).isEqualTo(1);
      assertThat(out.message().text()).isEqualTo("hello");
      assertThat(out.thread()).isEmpty(); // an SMS quotes nothing: its thread is not read
    });
    assertThat(reload(m).delivery()).isEqualTo(DeliveryStatus.SENT);
    assertThat(reload(m).externalId()).isEqualTo("sms-1");
    assertThat(updates).extracting(DeliveryUpdated::status).containsExactly(DeliveryStatus.SENDING, DeliveryStatus.SENT);
    assertThat(round()).isZero();
  }

  @Test
  void retriesWithExponentialBackoffThenSucceeds() {
    sms.thenAnswer(new Delivery.Retry("503")).thenAnswer(new RuntimeException("connection reset"));
    Message m = reply("hello");

    round();
    assertThat(reload(m).delivery()).isEqualTo(DeliveryStatus.PENDING);
    clock.advance(Duration.ofMillis(1999));
    assertThat(round()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(round()).isEqualTo(1);               // second try: thrown, counts as a retry
    clock.advance(Duration.ofMillis(3999));
    assertThat(round()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(round()).isEqualTo(1);

    assertThat(sms.sent()).extracting(o -> o.attempt()).containsExactly(1, 2, 3);
    assertThat(reload(m).delivery()).isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void marksTheMessageDeadAfterTheLastTry() {
    for (int i = 0; i < 3; i++) {
      sms.thenAnswer(new Delivery.Retry("timeout"));
    }
    Message m = reply("hello");

    round();
    clock.advance(Duration.ofSeconds(2));
    round();
    clock.advance(Duration.ofSeconds(4));
    round();
    clock.advance(Duration.ofHours(1));

    assertThat(round()).isZero();
    assertThat(reload(m).delivery()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(updates).last().satisfies(u -> {
      assertThat(u.status()).isEqualTo(DeliveryStatus.DEAD);
      assertThat(u.detail()).isEqualTo("timeout");
    });
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    sms.thenAnswer(new Delivery.Failed("21610", "unsubscribed recipient"));
    Message m = reply("hello");

    round();
    clock.advance(Duration.ofHours(1));

    assertThat(round()).isZero();
    assertThat(reload(m).delivery()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(reload(m).deliveryDetail()).contains("unsubscribed recipient");
  }

  @Test
  void aChannelThatIsNotRunningFailsTheMessage() {
    OutboxDispatcher noSms = new OutboxDispatcher(store, events, clock, new SimpleMeterRegistry(), List.of(),
        OutboxDispatcher.Settings.defaults(), () -> 0.5);
    Message m = reply("hello");

    noSms.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join();
    noSms.close();

    assertThat(reload(m).delivery()).isEqualTo(DeliveryStatus.FAILED);
  }

  @Test
  void aPassingFailureLeavesTheReplyPendingWithItsReasonAndTheChannelDegraded() {
    sms.thenAnswer(new Delivery.Retry("twilio 500: Internal Server Error"));
    Message m = reply("hello");

    round();

    assertThat(reload(m).delivery()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(updates).last().satisfies(u -> {
      assertThat(u.status()).isEqualTo(DeliveryStatus.PENDING);
      assertThat(u.detail()).isEqualTo("twilio 500: Internal Server Error");
    });
    assertThat(outbox.health().degraded(Channel.SMS)).hasValueSatisfying(d -> {
      assertThat(d.reason()).isEqualTo("twilio 500: Internal Server Error");
      assertThat(d.since()).isEqualTo(clock.instant());
    });
    assertThat(outbox.health().degraded(Channel.EMAIL)).isEmpty();

    clock.advance(Duration.ofSeconds(2));
    round();
    assertThat(reload(m).delivery()).isEqualTo(DeliveryStatus.SENT);
    assertThat(outbox.health().degraded(Channel.SMS)).isEmpty();
  }

  @Test
  void aDegradedChannelIsProbedWithOneReplyAndOnRecoveryTheOthersGoAtOnceEachOnce() throws Exception {
    // Backoff of a minute, doubling: without probes nothing would be tried again for a minute.
    OutboxDispatcher slow = new OutboxDispatcher(store, events, clock, new SimpleMeterRegistry(), List.of(sms),
        new OutboxDispatcher.Settings(10, Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofSeconds(5),
            Duration.ofMillis(100)), () -> 1.0);
    try {
      for (int i = 0; i < 4; i++) {
        sms.thenAnswer(new Delivery.Retry("connect timed out")); // three first tries and the first probe
      }
      Message a = reply("a");
      Message b = reply("b");
      Message c = reply("c");
      assertThat(slow.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join()).isEqualTo(3);

      clock.advance(Duration.ofMillis(500));
      slow.probeDegradedChannels();
      assertThat(slow.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join()).as("no probe before %s", OutboxDispatcher.PROBE_EVERY)
          .isZero();
      clock.advance(OutboxDispatcher.PROBE_EVERY);
      slow.probeDegradedChannels();
      slow.probeDegradedChannels(); // asked twice in one period: still one probe
      assertThat(slow.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join()).as("one probe, still failing").isEqualTo(1);
      assertThat(slow.health().degraded(Channel.SMS)).isPresent();

      clock.advance(OutboxDispatcher.PROBE_EVERY); // the provider is back
      slow.probeDegradedChannels();
      assertThat(slow.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join()).isEqualTo(1);
      assertThat(slow.health().degraded(Channel.SMS)).isEmpty();
      assertThat(slow.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join()).as("the other two, released at once").isEqualTo(2);

      for (Message m : List.of(a, b, c)) {
        assertThat(reload(m).delivery()).isEqualTo(DeliveryStatus.SENT);
      }
      assertThat(sms.sent()).extracting(o -> o.message().text()).containsExactlyInAnyOrder(
          "a", "b", "c", "a", "b", "c", "a"); // a failed twice (first try, first probe): each accepted once
      clock.advance(Duration.ofHours(1));
      assertThat(slow.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join()).isZero();
    } finally {
      slow.close();
    }
  }

  @Test
  void defaultsRideOutAnOutageOfAnHourAndAHalf() {
    OutboxDispatcher.Settings d = OutboxDispatcher.Settings.defaults();
    OutboxDispatcher lowest = new OutboxDispatcher(store, events, clock, new SimpleMeterRegistry(), List.of(sms), d,
        () -> 0.0);
    Duration total = Duration.ZERO;
    for (int attempt = 1; attempt < d.maxAttempts(); attempt++) {
      total = total.plus(lowest.backoff(attempt));
    }
    lowest.close();
    assertThat(total).isGreaterThan(Duration.ofMinutes(55)); // every delay at its shortest (half)
    assertThat(d.maxDelay()).isLessThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aSendCutOffByAStopIsTakenUpAtStartAndCountedAsAResend() {
    Message cutOff = reply("cut off");
    Message waiting = reply("waiting");
    // What a process killed mid-send leaves: the entry marked sending, its lease a minute away.
    store.deliveries().recordAttempt(cutOff.id(), DeliveryStatus.SENDING, null, null, 0, clock.instant().plusSeconds(60))
        .toCompletableFuture().orTimeout(10, SECONDS).join();
    store.deliveries().recordAttempt(waiting.id(), DeliveryStatus.PENDING, "503", null, 1, clock.instant().plusSeconds(60))
        .toCompletableFuture().orTimeout(10, SECONDS).join();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    OutboxDispatcher restarted = dispatcher(meters, sms, Duration.ofSeconds(5), Duration.ofMillis(20)).start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> reload(cutOff).delivery() == DeliveryStatus.SENT);
    } finally {
      restarted.close();
    }

    assertThat(sms.sent()).extracting(o -> o.message().id()).containsExactly(cutOff.id());
    assertThat(meters.counter("switchboard.outbox.resends", "channel", "sms").count()).isEqualTo(1.0);
    assertThat(reload(waiting).delivery()).as("a retry waiting out its backoff keeps waiting")
        .isEqualTo(DeliveryStatus.PENDING);
  }

  @Test
  void aClaimWhoseSendTheStopCutOffBeforeItBeganIsGivenBackAndItsNextSendIsNoResend() {
    // Four sends at a provider that holds its callers (the outbox's four sender threads), a fifth claimed behind them.
    CompletableFuture<Void> provider = new CompletableFuture<>();
    TestChannelAdapter held = new TestChannelAdapter(Channel.SMS).blockingUntil(provider);
    // A send timeout of a minute: the held sends stay sends until the test lets the provider answer.
    OutboxDispatcher stopping = dispatcher(new SimpleMeterRegistry(), held, Duration.ofMinutes(1),
        Duration.ofMillis(100));
    List<Message> replies = IntStream.range(0, 5).mapToObj(i -> reply("reply " + i)).toList();
    CompletableFuture<Integer> round = stopping.runOnce().toCompletableFuture(); // ends with its five attempts
    await().atMost(Duration.ofSeconds(10)).until(() -> held.sent().size() == 4
        && replies.stream().allMatch(m -> reload(m).delivery() == DeliveryStatus.SENDING));

    Thread closer = new Thread(stopping::close, "outbox-closer");
    closer.start();
    // close() is in its wait for the sends with the provider: the outbox is stopping.
    await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
    provider.complete(null);
    await().atMost(Duration.ofSeconds(10)).until(() -> !closer.isAlive());
    assertThat(round.orTimeout(10, SECONDS).join()).isEqualTo(5);

    List<MessageId> atProvider = held.sent().stream().map(o -> o.message().id()).toList();
    List<Message> behind = replies.stream().filter(m -> !atProvider.contains(m.id())).toList();
    assertThat(behind).hasSize(1);
    Message cutOff = behind.get(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> reload(cutOff).delivery() == DeliveryStatus.QUEUED);
    await().atMost(Duration.ofSeconds(10)).until(() -> replies.stream().filter(m -> atProvider.contains(m.id()))
        .allMatch(m -> reload(m).delivery() == DeliveryStatus.SENT));
    assertThat(updates).filteredOn(u -> u.messageId().equals(cutOff.id())).extracting(DeliveryUpdated::status)
        .as("the console's tick goes back").containsExactly(DeliveryStatus.SENDING, DeliveryStatus.QUEUED);

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    sms.thenAnswer(new Delivery.Sent("sms-next-1", false)); // not one of the held adapter's ids
    OutboxDispatcher next = dispatcher(meters, sms, Duration.ofSeconds(5), Duration.ofMillis(20)).start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> reload(cutOff).delivery() == DeliveryStatus.SENT);
    } finally {
      next.close();
    }
    assertThat(sms.sent()).extracting(o -> o.message().id()).containsExactly(cutOff.id());
    assertThat(sms.sent().get(0).attempt()).isEqualTo(1);
    assertThat(meters.find("switchboard.outbox.resends").counter()).as("the provider never saw it").isNull();
  }

  @Test
  void aSendThatTimedOutBeforeASenderThreadTookItIsNeverMadeAndIsGivenBackNotCountedAsAnAttempt() {
    // A provider that holds its callers: four sends take the channel's four sender threads, the fifth waits for one.
    CompletableFuture<Void> provider = new CompletableFuture<>();
    TestChannelAdapter held = new TestChannelAdapter(Channel.SMS).blockingUntil(provider);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    OutboxDispatcher hanging = dispatcher(meters, held, Duration.ofMillis(300), Duration.ofMillis(100));
    List<Message> replies = IntStream.range(0, 5).mapToObj(i -> reply("reply " + i)).toList();
    Message fifth;
    try {
      // Every attempt of the first round times out: the four at the provider are retries; the fifth never
      // began, so its claim is given back: due again, no attempt spent, no failure shown.
      assertThat(hanging.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join()).isEqualTo(5);
      assertThat(held.sent()).hasSize(4);
      List<MessageId> atProvider = held.sent().stream().map(o -> o.message().id()).toList();
      fifth = replies.stream().filter(m -> !atProvider.contains(m.id())).findFirst().orElseThrow();
      assertThat(replies).filteredOn(m -> m != fifth).allMatch(m -> reload(m).delivery() == DeliveryStatus.PENDING);
      assertThat(reload(fifth).delivery()).isEqualTo(DeliveryStatus.QUEUED);
      assertThat(meters.get("switchboard.outbox.unbegun").tag("channel", "sms").counter().count()).isEqualTo(1.0);

      // The provider answers; the retries go, and the fifth as a first try. Its first attempt's call must not
      // go out late beside it (Twilio would text the customer twice).
      provider.complete(null);
      clock.advance(Duration.ofSeconds(2));
      assertThat(hanging.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join()).isEqualTo(5);
      assertThat(replies).allMatch(m -> reload(m).delivery() == DeliveryStatus.SENT);
    } finally {
      hanging.close();
    }
    assertThat(held.sent()).extracting(o -> o.message().id()).hasSize(9).containsAll(
        replies.stream().map(Message::id).toList());
    assertThat(held.sent()).filteredOn(o -> o.message().id().equals(fifth.id()))
        .extracting(OutboundMessage::attempt).containsExactly(1);
  }

  @Test
  void anOrdinaryRetryIsNotAResend() {
    sms.thenAnswer(new Delivery.Retry("503"));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    OutboxDispatcher counted = dispatcher(meters, sms, Duration.ofSeconds(5), Duration.ofMillis(100));
    Message m = reply("hello");

    counted.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join();
    clock.advance(Duration.ofSeconds(2));
    counted.runOnce().toCompletableFuture().orTimeout(10, SECONDS).join();
    counted.close();

    assertThat(reload(m).delivery()).isEqualTo(DeliveryStatus.SENT);
    assertThat(meters.find("switchboard.outbox.resends").counter()).isNull();
  }

  @Test
  void backoffIsCappedAndJittered() {
    OutboxDispatcher half = new OutboxDispatcher(store, events, clock, new SimpleMeterRegistry(), List.of(sms),
        new OutboxDispatcher.Settings(10, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofMillis(100)), () -> 0.0);
    assertThat(half.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(half.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(half.backoff(9)).isEqualTo(Duration.ofSeconds(5));
    half.close();
  }
}
