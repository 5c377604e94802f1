package dev.switchboard.core.outbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestChannelAdapter;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each channel's sends go in a lane of their own: a provider that holds its sends (or its pacing) never keeps
 * another channel's replies waiting, even when all of that provider's entries fell due first; and a lane is a
 * window, so one held send never keeps its own channel's later sends waiting.
 */
class OutboxLanesTest {

  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.startingAt("2026-03-02T10:00:00Z");
  private final EventBus events = new EventBus();
  private final CompletableFuture<Void> smsProvider = new CompletableFuture<>();
  private final TestChannelAdapter sms = new TestChannelAdapter(Channel.SMS).holdingUntil(smsProvider);
  private final TestChannelAdapter chat = new TestChannelAdapter(Channel.CHAT);
  private Stores stores;
  private ConversationStore store;
  private OutboxDispatcher outbox;

  @BeforeEach
  void open() {
    stores = TestStores.sqlite(dir, clock);
    store = stores.conversations();
    outbox = new OutboxDispatcher(store, events, clock, new SimpleMeterRegistry(), List.of(sms, chat),
        new OutboxDispatcher.Settings(3, Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(30),
            Duration.ofMillis(50)), () -> 1.0);
  }

  @AfterEach
  void close() {
    smsProvider.complete(null);
    outbox.close();
    stores.close();
  }

  @Test
  void chatRepliesLeaveWhileTheSmsProviderHoldsAFullWindowOfEarlierSends() {
    Replies replies = textsThenChats(OutboxDispatcher.WINDOW + 10);
    List<Message> texts = replies.texts();
    List<Message> chats = replies.chats();

    outbox.start();
    await().atMost(10, SECONDS).until(() -> chat.sent().size() == 5);
    await().atMost(10, SECONDS).until(() -> chats.stream().allMatch(m -> reload(m).delivery() == DeliveryStatus.SENT));
    assertThat(sms.sent()).hasSize(OutboxDispatcher.WINDOW); // a full window, held by the provider
    assertThat(texts).noneMatch(m -> reload(m).delivery() == DeliveryStatus.SENT);

    smsProvider.complete(null);
    await().atMost(10, SECONDS).until(() -> texts.stream().allMatch(m -> reload(m).delivery() == DeliveryStatus.SENT));
    assertThat(sms.sent()).hasSize(texts.size()); // each once
    assertThat(chat.sent()).hasSize(5);
  }

  @Test
  void chatRepliesLeaveWhileTheSmsProviderBlocksEverySmsSenderThread() {
    // A provider whose SDK call blocks its thread (as Twilio's does while Twilio hangs): the SMS sends take every
    // SMS sender thread and one more waits for a thread; the chat replies have threads of their own.
    CompletableFuture<Void> gate = new CompletableFuture<>();
    TestChannelAdapter blocking = new TestChannelAdapter(Channel.SMS).blockingUntil(gate);
    OutboxDispatcher blocked = new OutboxDispatcher(store, events, clock, new SimpleMeterRegistry(),
        List.of(blocking, chat), new OutboxDispatcher.Settings(3, Duration.ofSeconds(2), Duration.ofMinutes(1),
            Duration.ofSeconds(30), Duration.ofMillis(50)), () -> 1.0);
    Replies replies = textsThenChats(ProviderCalls.THREADS_PER_CHANNEL + 1);
    List<Message> texts = replies.texts();
    List<Message> chats = replies.chats();
    try {
      blocked.start();
      await().atMost(10, SECONDS).until(() -> blocking.sent().size() == ProviderCalls.THREADS_PER_CHANNEL);
      // Well within the 30 s send timeout, which a chat reply queued behind the blocked calls would wait out.
      await().atMost(10, SECONDS).until(() -> chats.stream().allMatch(m -> reload(m).delivery() == DeliveryStatus.SENT));
      assertThat(blocking.sent()).hasSize(ProviderCalls.THREADS_PER_CHANNEL);

      gate.complete(null);
      await().atMost(10, SECONDS).until(() -> texts.stream().allMatch(m -> reload(m).delivery() == DeliveryStatus.SENT));
    } finally {
      gate.complete(null);
      blocked.close();
    }
    assertThat(blocking.sent()).hasSize(texts.size()); // each once
    assertThat(chat.sent()).hasSize(5);
  }

  @Test
  void aSendHeldByItsProviderHoldsOnePlaceInItsLaneNotTheLane() {
    ConversationId texter = conversation(InboundMessage.builder(Channel.SMS, Identity.phone("+15557654321"), "SM1",
        "+15550001111|+15557654321"));
    Message held = reply(texter, "held");
    outbox.start();
    await().atMost(10, SECONDS).until(() -> sms.sent().size() == 1);

    sms.holdingUntil(CompletableFuture.completedFuture(null)); // the provider answers the sends after it
    List<Message> later = new ArrayList<>();
    for (int i = 0; i < 2 * OutboxDispatcher.WINDOW; i++) {
      later.add(reply(texter, "later " + i));
    }
    // Well within the 30 s send timeout that a lane in rounds waited out behind the held send.
    await().atMost(10, SECONDS).until(() -> later.stream().allMatch(m -> reload(m).delivery() == DeliveryStatus.SENT));
    assertThat(reload(held).delivery()).isEqualTo(DeliveryStatus.SENDING);
    assertThat(sms.sent()).hasSize(1 + later.size()); // each once
  }

  /** Replies due on both channels: the texts first. */
  private record Replies(List<Message> texts, List<Message> chats) {}

  /** {@code texts} replies to a texter, then, a second later, five to a chat visitor. */
  private Replies textsThenChats(int texts) {
    ConversationId texter = conversation(InboundMessage.builder(Channel.SMS, Identity.phone("+15557654321"), "SM1",
        "+15550001111|+15557654321"));
    ConversationId visitor = conversation(InboundMessage.builder(Channel.CHAT, Identity.chatVisitor("v-1"), "c-1",
        "v-1"));
    List<Message> sent = new ArrayList<>();
    for (int i = 0; i < texts; i++) {
      sent.add(reply(texter, "text " + i));
    }
    clock.advance(Duration.ofSeconds(1)); // the chat replies fall due after every text
    List<Message> chats = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      chats.add(reply(visitor, "chat " + i));
    }
    return new Replies(sent, chats);
  }

  private ConversationId conversation(InboundMessage.Builder message) {
    return new StoreIngest(store, events).accept(message.text("hi").receivedAt(clock.instant()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join().conversationId();
  }

  private Message reply(ConversationId conversation, String text) {
    return store.appendAgentMessage(conversation, Direction.OUT, "alice", text, "c-" + text)
        .toCompletableFuture().orTimeout(10, SECONDS).join();
  }

  private Message reload(Message m) {
    return store.message(m.id()).toCompletableFuture().orTimeout(10, SECONDS).join().orElseThrow();
  }
}
