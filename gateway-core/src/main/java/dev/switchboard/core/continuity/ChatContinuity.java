package dev.switchboard.core.continuity;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.ChatConfig;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.cluster.PassLoop;
import dev.switchboard.core.cluster.Singleton;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.Continuity;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuity when a chat visitor leaves, a singleton of the leader (built like the follow-up scheduler).
 * It records when each chat's visitor closed their last connection and came back ({@code QueueWatched},
 * which crosses nodes), and every {@link #TICK} forwards the agent replies written since a visitor left,
 * once they have been gone for {@code channels.chat.awayAfter}: one message through the outbox to the
 * address {@link ForwardAddress} picks (a proved one, never a claim), or nothing. The store holds both the
 * absence and what was forwarded, so a restart or a new leader forwards nothing twice and nothing late is
 * lost. Counted in {@code switchboard.chat.continuity{result}}.
 */
public final class ChatContinuity implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChatContinuity.class);
  /** How often absent visitors are looked for: a forward leaves at most this late. */
  static final Duration TICK = Duration.ofSeconds(1);
  static final int PASS_LIMIT = 50;
  /** Replies written longer than this after the visitor left are not forwarded (the pass stays an index range). */
  static final Duration MAX_AWAY = Duration.ofDays(7);
  /** How long the link in a forward reopens the chat: as long as later replies would still be forwarded. */
  static final Duration REOPEN_TTL = MAX_AWAY;

  private final ConversationStore store;
  private final Continuity continuity;
  private final EventBus events;
  private final Clock clock;
  private final Supplier<GatewayConfig> config;
  private final MeterRegistry meters;
  private final ChatReopenLinks reopenLinks;
  private PassLoop passes;
  private AutoCloseable subscription;

  ChatContinuity(ConversationStore store, EventBus events, Clock clock, Supplier<GatewayConfig> config,
      MeterRegistry meters, ChatReopenLinks reopenLinks) {
    this.reopenLinks = requireNonNull(reopenLinks, "reopenLinks");
    this.store = requireNonNull(store, "store");
    this.continuity = store.continuity();
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.config = requireNonNull(config, "config");
    this.meters = requireNonNull(meters, "meters");
  }

  /** The service as a leader's singleton: each term runs one over the term's fenced store. */
  public static Singleton singleton(EventBus events, Clock clock, Supplier<GatewayConfig> config,
      MeterRegistry meters, ChatReopenLinks reopenLinks) {
    return term -> new ChatContinuity(term.store(), events, clock, config, meters, reopenLinks).start();
  }

  ChatContinuity start() {
    subscription = events.subscribe(this::onEvent);
    passes = PassLoop.start("chat continuity", TICK, PASS_LIMIT, this::runDue);
    return this;
  }

  private Optional<Duration> awayAfter() {
    ChatConfig chat = config.get().channels().chat();
    return chat == null ? Optional.empty() : Optional.ofNullable(chat.awayAfter());
  }

  private void onEvent(GatewayEvent e) {
    if (e instanceof GatewayEvent.QueueWatched w) {
      CompletionStage<Void> write = w.watching()
          ? continuity.visitorBack(w.conversationId())
          : continuity.visitorLeft(w.conversationId(), clock.instant());
      write.whenComplete((v, err) -> {
        if (err != null) {
          log.warn("Could not record that the visitor of {} {}: {}", w.conversationId(),
              w.watching() ? "came back" : "left", err.toString());
        }
      });
    }
  }

  /** Forwards (or skips) the replies of every chat whose visitor has been gone long enough; completes with how many. */
  CompletionStage<Integer> runDue() {
    Optional<Duration> after = awayAfter();
    if (after.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    Instant now = clock.instant();
    return continuity.pending(now.minus(MAX_AWAY), now.minus(after.get()), PASS_LIMIT)
        .thenCompose(due -> PassLoop.oneByOne(due, this::handle));
  }

  private CompletionStage<Void> handle(Continuity.Pending p) {
    return store.contacts().find(p.contact()).thenCombine(store.conversation(p.conversation()), Target::new)
        .thenCompose(target -> {
      Optional<Identity> to = target.contact().flatMap(ForwardAddress::of);
      if (to.isEmpty() || target.conversation().isEmpty()) {
        count("no_proved_address");
        return continuity.skip(p.conversation(), p.through());
      }
      Conversation conv = target.conversation().get();
      ForwardText text = ForwardText.of(conv, p.replies(), agentNames(), to.get().kind().channel(),
          reopenLinks.link(conv.threadKey(), REOPEN_TTL));
      return continuity.forward(p.conversation(), p.through(), to.get(), text.subject(), text.body())
          .thenAccept(stored -> stored.ifPresentOrElse(m -> {
            count(to.get().kind().channel() == Channel.EMAIL ? "email" : "sms");
            log.info("Chat {}: {} replies forwarded by {} to the visitor's proved address as message {}",
                conv.ref(), p.replies().size(), to.get().kind().channel().key(), m.id());
            events.publish(new GatewayEvent.MessageAdded(conv, m));
          }, () -> count("raced")));
    }).exceptionally(err -> {
      log.warn("Chat {} could not be forwarded now; the next pass tries again: {}", p.conversation(), err.toString());
      return null;
    });
  }

  /** A pending chat's contact and conversation as read now. */
  private record Target(Optional<Contact> contact, Optional<Conversation> conversation) {}

  private Function<String, String> agentNames() {
    GatewayConfig cfg = config.get();
    return id -> cfg.agents().stream().filter(a -> a.id().equals(id)).map(a -> a.name()).findFirst().orElse("Support");
  }

  private void count(String result) {
    Counter.builder("switchboard.chat.continuity").description("Chat replies forwarded to visitors who left, by outcome")
        .tag("result", result).register(meters).increment();
  }

  @Override
  public void close() throws Exception {
    if (passes != null) {
      passes.close();
    }
    if (subscription != null) {
      subscription.close();
    }
  }
}
