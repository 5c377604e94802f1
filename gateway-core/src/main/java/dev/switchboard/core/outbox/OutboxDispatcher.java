package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.LogSafe;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.logging.LogKey;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.OutboxEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what agents wrote: reads due outbox entries, calls the conversation's channel adapter on its
 * own executor (never an event loop), and records each outcome: sent, retried with exponential backoff
 * and jitter, or dead after the last try. Every state change is published as {@code DeliveryUpdated}.
 * An entry is marked {@code sending} with a lease before the call, so a crash mid-send retries later;
 * as it starts, the outbox takes up at once what a stopped process left marked so. Such a retry is a
 * <em>resend</em>: the provider may already have the message, so the adapters send it under the same
 * key (the e-mail's Message-ID, the SMS idempotency token), and each is counted in
 * {@code switchboard.outbox.resends} and logged with the message id.
 *
 * <p>A passing failure leaves the reply {@code pending} (the agent sees it so) and marks the channel
 * degraded ({@link ChannelHealth}, shown by {@code /health/ready}). While a channel is degraded one of its
 * pending replies is tried every {@link #PROBE_EVERY} whatever its backoff; the first one accepted ends
 * the outage and makes the channel's other pending replies due at once, so they leave within a poll of
 * the provider's return instead of after their own backoff.
 */
public final class OutboxDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

  /** How often a degraded channel is probed with one pending reply. */
  public static final Duration PROBE_EVERY = Duration.ofSeconds(15);

  /** How hard to try: attempts before dead, the backoff's first and largest delay, the send timeout. */
  public record Settings(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration sendTimeout,
      Duration pollInterval) {
    public Settings {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: > 0)");
      }
      requireNonNull(baseDelay, "baseDelay");
      requireNonNull(maxDelay, "maxDelay");
      requireNonNull(sendTimeout, "sendTimeout");
    }

    /**
     * 30 tries, 2 s doubling up to 5 min (jittered down to half): a reply rides out a provider outage of
     * about 1.5 to 2 hours before it is dead; probes and the release on recovery keep that from
     * delaying it once the provider is back.
     */
    public static Settings defaults() {
      return new Settings(30, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(60),
          Duration.ofMillis(250));
    }
  }

  private final ConversationStore store;
  private final EventBus events;
  private final Clock clock;
  private final Map<Channel, ChannelAdapter> adapters;
  private final Settings settings;
  private final DoubleSupplier jitter;
  private final ScheduledExecutorService poller;
  private final ExecutorService senders;
  private final Set<MessageId> inFlight = ConcurrentHashMap.newKeySet();
  private final MeterRegistry meters;
  private final ChannelHealth health = new ChannelHealth();
  private final Pacing pacing = new Pacing();
  private final List<io.micrometer.core.instrument.Meter> gauges = new ArrayList<>();
  private volatile boolean polling;
  private volatile boolean stopping;
  private AutoCloseable subscription;

  /**
   * {@code jitter} returns a number in [0, 1): the share of each delay's upper half actually added,
   * so a delay {@code d} becomes {@code d/2 + jitter * d/2}.
   */
  public OutboxDispatcher(ConversationStore store, EventBus events, Clock clock, MeterRegistry meters,
      List<ChannelAdapter> adapters, Settings settings, DoubleSupplier jitter) {
    this.store = requireNonNull(store, "store");
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.meters = requireNonNull(meters, "meters");
    Map<Channel, ChannelAdapter> byChannel = new ConcurrentHashMap<>();
    adapters.forEach(a -> byChannel.put(a.channel(), a));
    this.adapters = byChannel;
    this.settings = requireNonNull(settings, "settings");
    this.jitter = requireNonNull(jitter, "jitter");
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "switchboard-outbox"));
    this.senders = LogContext.propagating(Executors.newFixedThreadPool(4, r -> daemon(r, "switchboard-outbox-send")));
    // At zero from the start, so an alert on increase(...{outcome="dead"}) sees the first dead letter.
    for (DeliveryStatus outcome : List.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.PENDING,
        DeliveryStatus.FAILED, DeliveryStatus.DEAD)) {
      attempts(outcome);
    }
    // This dispatcher's own gauges, removed at close: the next term's outbox on this node binds its own.
    byChannel.keySet().forEach(channel -> gauges.add(io.micrometer.core.instrument.Gauge.builder(
            "switchboard.channel.degraded", health, h -> h.degraded(channel).isPresent() ? 1 : 0)
        .tag("channel", channel.key())
        .description("1 while the channel's provider fails sends for a passing reason, else 0")
        .register(meters)));
  }

  /** Each channel's provider health as the sends found it. */
  public ChannelHealth health() {
    return health;
  }

  /**
   * Polls every {@code pollInterval}, and at once when an OUT message is added; first makes what an
   * earlier process left in {@code sending} due now.
   */
  public OutboxDispatcher start() {
    long ms = Math.max(10, settings.pollInterval().toMillis());
    polling = true;
    poller.execute(this::reclaimInterruptedSends);
    poller.scheduleWithFixedDelay(this::poll, 0, ms, TimeUnit.MILLISECONDS);
    subscription = events.subscribe(e -> {
      if (e instanceof GatewayEvent.MessageAdded m && m.message().direction() == Direction.OUT) {
        pollSoon();
      }
    });
    return this;
  }

  /** A round now, unless the outbox is stopping (then the next leader, or the next start, polls). */
  private void pollSoon() {
    if (stopping) {
      return;
    }
    try {
      poller.execute(this::poll);
    } catch (RejectedExecutionException closedMeanwhile) {
      // stopping: nothing is lost, the entry stays due
    }
  }

  private void poll() {
    try {
      probeDegradedChannels();
      runOnce().toCompletableFuture().get(settings.sendTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (!stopping) {
        log.warn("Outbox round failed: {}", e.toString());
      }
    }
  }

  /** Makes one pending reply of each degraded channel not tried for {@link #PROBE_EVERY} due now. */
  void probeDegradedChannels() throws Exception {
    Instant now = clock.instant();
    for (Channel channel : health.dueForProbe(now, PROBE_EVERY)) {
      store.hurryPendingOutbox(channel, now, 1).toCompletableFuture()
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void reclaimInterruptedSends() {
    try {
      int reclaimed = store.reclaimInterruptedSends(clock.instant()).toCompletableFuture()
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (reclaimed > 0) {
        log.info("{} replies were being sent when the gateway last stopped; sending them again now", reclaimed);
      }
    } catch (Exception e) {
      log.warn("Could not take up the sends interrupted by the last stop (they wait out their lease): {}",
          e.toString());
    }
  }

  /** One round: every due entry not already in flight is tried once; completes when all are recorded. */
  public CompletionStage<Integer> runOnce() {
    Instant now = clock.instant();
    return store.dueOutbox(now, 50).thenCompose(due -> {
      List<CompletableFuture<Void>> attempts = new ArrayList<>();
      for (OutboxEntry e : due) {
        if (inFlight.add(e.messageId())) {
          attempts.add(attempt(e).toCompletableFuture()
              .whenComplete((v, err) -> inFlight.remove(e.messageId())));
        }
      }
      return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).thenApply(v -> attempts.size());
    });
  }

  private CompletionStage<Void> attempt(OutboxEntry entry) {
    if (stopping) {
      return CompletableFuture.completedFuture(null); // not claimed: still due for whoever sends next
    }
    // Every read, send and write of the attempt carries the conversation on to its thread.
    try (LogContext.Scope ignored = LogContext.with(LogKey.CONVERSATION, entry.conversationId().value())) {
      return attemptInContext(entry);
    }
  }

  private CompletionStage<Void> attemptInContext(OutboxEntry entry) {
    int attempt = entry.attempts() + 1;
    Instant lease = clock.instant().plus(settings.sendTimeout()).plus(settings.baseDelay());
    return store.message(entry.messageId()).thenCompose(om -> {
      Message message = om.orElseThrow();
      return store.conversation(entry.conversationId()).thenCompose(oc -> {
        Conversation conversation = oc.orElseThrow();
        return store.contact(conversation.contactId()).thenCombine(store.messages(conversation.id()),
            (contact, thread) -> new Addressee(conversation, contact.orElseThrow(), thread, Optional.empty()))
            .thenCombine(store.customerAddress(conversation.id()), Addressee::withRecorded);
      }).thenCompose(parts -> {
        Conversation c = parts.conversation();
        Contact contact = parts.contact();
        // A forward leaves by its address's channel, with none of the other channel's thread to refer to.
        Channel channel = entry.to().map(t -> t.kind().channel()).orElse(c.channel());
        List<Message> thread = entry.to().isPresent() ? List.of() : parts.thread().stream()
            .filter(m -> m.direction() != Direction.NOTE && !m.id().equals(message.id())).toList();
        ChannelAdapter adapter = adapters.get(channel);
        // A forward's address must still be the contact's (an unmerge may have taken it away meanwhile).
        Identity to = entry.to().isPresent()
            ? entry.to().filter(t -> contact.identities().contains(t)).orElse(null)
            : Recipient.of(c, contact, parts.recorded());
        if (adapter == null || to == null) {
          Delivery failed = adapter == null
              ? new Delivery.Failed("channel_disabled", "the " + channel.key() + " channel is not running")
              : new Delivery.Failed("no_address", "the contact has no " + channel.key() + " address");
          return record(entry, channel, attempt, failed);
        }
        Duration wait = adapter.pace().map(p -> pacing.take(channel, p.sender().apply(c), p, clock.instant()))
            .orElse(Duration.ZERO);
        if (!wait.isZero()) {
          // Not an attempt: the entry waits for its sender's next slot (docs/channel-sms.md, "Pacing").
          paced(channel).increment();
          return store.deferOutbox(entry.messageId(), entry.attempts(), clock.instant().plus(wait));
        }
        if (message.delivery() == DeliveryStatus.SENDING) {
          countResend(message, channel);
        }
        OutboundMessage out = new OutboundMessage(message, c, contact, to, thread, attempt);
        if (stopping) {
          throw new Abandoned(); // not claimed: still due
        }
        // The send and its outcome are logged under the channel the reply leaves by.
        try (LogContext.Scope ch = LogContext.with(LogKey.CHANNEL, channel.key())) {
          return store.recordAttempt(message.id(), DeliveryStatus.SENDING, null, null, entry.attempts(), lease)
              .thenRun(() -> publish(entry, DeliveryStatus.SENDING, null))
              .thenCompose(v -> send(adapter, out))
              .thenCompose(d -> record(entry, channel, attempt, d));
        }
      });
    }).exceptionally(err -> {
      if (stopping) {
        // Cut off by the stop (its sends refused, or the term's writes): claimed entries are taken up by
        // the next leader as interrupted sends, the others are still due. One INFO line says so at close.
        log.debug("Outbox attempt for {} left for the next leader: {}", entry.messageId(), rootCause(err).toString());
      } else {
        log.error("Outbox attempt for {} failed", entry.messageId(), err);
      }
      return null;
    });
  }

  /** What one send is addressed from: the conversation, its contact, its thread and its recorded address. */
  private record Addressee(Conversation conversation, Contact contact, List<Message> thread,
      Optional<Identity> recorded) {

    Addressee withRecorded(Optional<Identity> address) {
      return new Addressee(conversation, contact, thread, address);
    }
  }

  private CompletionStage<Delivery> send(ChannelAdapter adapter, OutboundMessage out) {
    CompletableFuture<CompletionStage<Delivery>> call;
    try {
      call = CompletableFuture.supplyAsync(() -> {
        if (stopping) {
          throw new Abandoned(); // not begun: the provider has not seen it
        }
        return adapter.send(out);
      }, senders);
    } catch (RejectedExecutionException stopped) {
      return CompletableFuture.failedFuture(new Abandoned());
    }
    return call
        .thenCompose(stage -> stage)
        .toCompletableFuture()
        .orTimeout(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(err -> {
          if (rootCause(err) instanceof Abandoned a) {
            throw a; // not an outcome to record: the send never began
          }
          return new Delivery.Retry(String.valueOf(rootCause(err)));
        });
  }

  private CompletionStage<Void> record(OutboxEntry entry, Channel channel, int attempt, Delivery d) {
    Instant now = clock.instant();
    DeliveryStatus status;
    String detail;
    String externalId = null;
    Instant next = null;
    if (d instanceof Delivery.Sent s) {
      status = s.delivered() ? DeliveryStatus.DELIVERED : DeliveryStatus.SENT;
      detail = null;
      externalId = s.externalId();
    } else if (d instanceof Delivery.Failed f) {
      status = DeliveryStatus.FAILED;
      detail = f.code() + ": " + f.reason();
    } else {
      Delivery.Retry r = (Delivery.Retry) d;
      detail = r.reason();
      if (health.retrying(channel, r.reason(), now)) {
        log.warn("Channel {} degraded: {}; replies wait in the outbox", channel.key(), LogSafe.quote(r.reason()));
      }
      if (attempt >= settings.maxAttempts()) {
        status = DeliveryStatus.DEAD;
      } else {
        status = DeliveryStatus.PENDING;
        Duration wait = backoff(attempt);
        if (r.notBefore() != null && r.notBefore().compareTo(wait) > 0) {
          wait = r.notBefore();
        }
        next = now.plus(wait);
      }
    }
    attempts(status).increment();
    boolean recovered = d instanceof Delivery.Sent && health.accepted(channel);
    // As stored: a provider's callback held until this id was known may have moved it further already.
    return store.recordAttempt(entry.messageId(), status, detail, externalId, attempt, next)
        .thenAccept(m -> publish(entry, m.delivery(), m.deliveryDetail()))
        .thenCompose(v -> recovered ? releasePending(channel) : CompletableFuture.<Void>completedFuture(null));
  }

  /** The provider is back: the channel's pending replies go now, not after their backoff. */
  private CompletionStage<Void> releasePending(Channel channel) {
    return store.hurryPendingOutbox(channel, clock.instant(), Integer.MAX_VALUE).thenAccept(n -> {
      log.info("Channel {} works again; {} waiting replies are sent now", channel.key(), n);
      if (n > 0 && polling) {
        pollSoon();
      }
    });
  }

  /**
   * The message was already being sent when its process stopped (no other way leaves it in
   * {@code sending}: in one process an entry in flight is never picked up twice).
   */
  private void countResend(Message message, Channel channel) {
    Counter.builder("switchboard.outbox.resends").tag("channel", channel.key())
        .description("Sends repeated because an earlier attempt was cut off before its outcome was recorded")
        .register(meters).increment();
    log.info("Resending {} on {}: its earlier attempt was cut off before the outcome was recorded",
        message.id(), channel.key());
  }

  /** {@code base * 2^(attempt-1)}, capped, then the upper half jittered. */
  Duration backoff(int attempt) {
    long base = settings.baseDelay().toMillis();
    long exp = base << Math.min(30, attempt - 1);
    long capped = Math.min(settings.maxDelay().toMillis(), exp < 0 ? Long.MAX_VALUE : exp);
    return Duration.ofMillis(capped / 2 + (long) (jitter.getAsDouble() * (capped / 2)));
  }

  private void publish(OutboxEntry e, DeliveryStatus status, String detail) {
    events.publish(new GatewayEvent.DeliveryUpdated(e.conversationId(), e.messageId(), status, detail));
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Stops quietly (a step-down, or the gateway stopping): no new attempt begins, the rounds and the sends
   * not yet begun end without an outcome, and one INFO line tells how many were in flight. Nothing is lost:
   * an entry not claimed is still due, and one claimed ({@code sending}) is taken up by the next leader (or
   * the next start) as an interrupted send, under the same idempotency key. Sends already with the
   * provider are given up to 5 s to finish and record their outcome.
   */
  @Override
  public void close() {
    stopping = true;
    polling = false;
    int inFlightAtStop = inFlight.size();
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("Unsubscribe failed", e);
      }
    }
    poller.shutdownNow();
    senders.shutdown();
    try {
      senders.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    gauges.forEach(meters::remove);
    log.info("Outbox stopped with {} sends in flight; those without an outcome are left for the next leader "
        + "(or the next start), which takes up interrupted sends", inFlightAtStop);
  }

  /** An attempt given up because the outbox is stopping: no outcome, nothing to log as a failure. */
  private static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("the outbox is stopping", null, false, false);
    }
  }

  private Counter paced(Channel channel) {
    return Counter.builder("switchboard.outbox.paced").tag("channel", channel.key())
        .description("Sends put back to wait for their sender's next slot (the provider's rate limit)")
        .register(meters);
  }

  private Counter attempts(DeliveryStatus outcome) {
    return Counter.builder("switchboard.outbox.attempts")
        .description("Send attempts by outcome: sent, delivered, pending (retry later), failed, dead (retries used up)")
        .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(meters);
  }
}
