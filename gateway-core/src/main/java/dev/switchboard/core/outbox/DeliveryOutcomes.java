package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.LogSafe;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.OutboxEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an attempt's outcome does to its entry: sent or delivered, failed for good, or (a passing failure)
 * pending again after an exponential backoff with jitter, dead after the last try. Passing failures mark
 * the channel degraded in {@link ChannelHealth}; the first send accepted after them makes the channel's
 * other pending replies due at once, so they leave within a poll of the provider's return instead of after
 * their own backoff. Every state change is published as {@code DeliveryUpdated}.
 */
final class DeliveryOutcomes {

  private static final Logger log = LoggerFactory.getLogger(DeliveryOutcomes.class);

  private final ConversationStore store;
  private final EventBus events;
  private final Clock clock;
  private final MeterRegistry meters;
  private final OutboxDispatcher.Settings settings;
  private final DoubleSupplier jitter;
  private final ChannelHealth health;
  private final Runnable released;

  /**
   * {@code jitter} returns a number in [0, 1), the share of each delay's upper half actually added;
   * {@code released} runs when a recovered channel's pending replies were made due (a round soon).
   */
  DeliveryOutcomes(ConversationStore store, EventBus events, Clock clock, MeterRegistry meters,
      OutboxDispatcher.Settings settings, DoubleSupplier jitter, ChannelHealth health, Runnable released) {
    this.store = requireNonNull(store, "store");
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.meters = requireNonNull(meters, "meters");
    this.settings = requireNonNull(settings, "settings");
    this.jitter = requireNonNull(jitter, "jitter");
    this.health = requireNonNull(health, "health");
    this.released = requireNonNull(released, "released");
    // At zero from the start, so an alert on increase(...{outcome="dead"}) sees the first dead letter.
    for (DeliveryStatus outcome : List.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.PENDING,
        DeliveryStatus.FAILED, DeliveryStatus.DEAD)) {
      attempts(outcome);
    }
  }

  /** Records attempt number {@code attempt}'s outcome {@code d} and publishes the state as stored. */
  CompletionStage<Void> record(OutboxEntry entry, Channel channel, int attempt, Delivery d) {
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
    return store.deliveries().recordAttempt(entry.messageId(), status, detail, externalId, attempt, next)
        .thenAccept(m -> publish(entry, m.delivery(), m.deliveryDetail()))
        .thenCompose(v -> recovered ? releasePending(channel) : CompletableFuture.<Void>completedFuture(null));
  }

  /** The provider is back: the channel's pending replies go now, not after their backoff. */
  private CompletionStage<Void> releasePending(Channel channel) {
    return store.deliveries().hurryPendingOutbox(channel, clock.instant(), Integer.MAX_VALUE).thenAccept(n -> {
      log.info("Channel {} works again; {} waiting replies are sent now", channel.key(), n);
      if (n > 0) {
        released.run();
      }
    });
  }

  /** {@code base * 2^(attempt-1)}, capped, then the upper half jittered. */
  Duration backoff(int attempt) {
    long base = settings.baseDelay().toMillis();
    long exp = base << Math.min(30, attempt - 1);
    long capped = Math.min(settings.maxDelay().toMillis(), exp < 0 ? Long.MAX_VALUE : exp);
    return Duration.ofMillis(capped / 2 + (long) (jitter.getAsDouble() * (capped / 2)));
  }

  void publish(OutboxEntry e, DeliveryStatus status, String detail) {
    events.publish(new GatewayEvent.DeliveryUpdated(e.conversationId(), e.messageId(), status, detail));
  }

  private Counter attempts(DeliveryStatus outcome) {
    return Counter.builder("switchboard.outbox.attempts")
        .description("Send attempts by outcome: sent, delivered, pending (retry later), failed, dead (retries used up)")
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(meters);
  }
}
