package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.HttpHandler;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.http.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /sms/twilio/status}: Twilio's delivery updates for our replies. Moves the message's
 * delivery state forward and publishes {@link GatewayEvent.DeliveryUpdated}, which the agent sees.
 *
 * <p>A callback can overtake the outbox recording the MessageSid that {@code send} returned. The store
 * then holds it durably and applies it when the sid is recorded; {@link #sweepHeld} applies what a race
 * between nodes (or a stop) left, and drops, counted as unmatched, what no message claims within a day.
 */
final class StatusCallbackHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(StatusCallbackHandler.class);

  /** How long a callback no message claims is kept. */
  static final Duration HELD_FOR = Duration.ofDays(1);

  private final WebhookGuard guard;
  private final ConversationStore store;
  private final EventBus events;
  private final SmsMetrics metrics;
  private final Clock clock;

  StatusCallbackHandler(WebhookGuard guard, ConversationStore store, EventBus events, SmsMetrics metrics,
      Clock clock) {
    this.guard = requireNonNull(guard, "guard");
    this.store = requireNonNull(store, "store");
    this.events = requireNonNull(events, "events");
    this.metrics = requireNonNull(metrics, "metrics");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Called on the event loop: the guard refuses a large body unread, and the rest is a few microseconds
   * of parsing and a signature check before the store's stages take over; never a wait.
   */
  @Override
  public Dispatch dispatch() {
    return Dispatch.EVENT_LOOP;
  }

  @Override
  public CompletionStage<HttpResponse> handle(HttpRequest request) {
    WebhookGuard.Verdict verdict = guard.check(request);
    if (!(verdict instanceof WebhookGuard.Verdict.Accepted accepted)) {
      return CompletableFuture.completedFuture(WebhookGuard.refusal(verdict));
    }
    Map<String, String> fields = accepted.fields();
    String sid = fields.get("MessageSid");
    String twilioStatus = fields.getOrDefault("MessageStatus", fields.get("SmsStatus"));
    if (sid == null || sid.isBlank() || twilioStatus == null) {
      metrics.malformed();
      return CompletableFuture.completedFuture(
          HttpResponse.error(400, "invalid_webhook", "MessageSid and MessageStatus are required"));
    }
    metrics.statusUpdate(twilioStatus);
    Optional<DeliveryStatus> status = TwilioStatus.toDelivery(twilioStatus);
    if (status.isEmpty()) {
      log.debug("Ignoring status {} for {}", LogSafe.quote(twilioStatus), LogSafe.quote(sid));
      return CompletableFuture.completedFuture(TwiML.empty());
    }
    String detail = detail(twilioStatus, fields.get("ErrorCode"), fields.get("ErrorMessage"));
    return Stages.unavailableOnFailure(update(sid, status.get(), detail), "record the delivery state")
        .thenApply(done -> TwiML.empty());
  }

  private CompletionStage<Void> update(String sid, DeliveryStatus status, String detail) {
    return store.messageByExternalId(Channel.SMS, sid).thenCompose(current -> {
      if (current.isPresent() && !current.get().delivery().advancesTo(status)) {
        log.debug("Status {} for {} is behind {}; ignored", status, LogSafe.quote(sid), current.get().delivery());
        return CompletableFuture.completedFuture(null);
      }
      return store.deliveries().updateDelivery(Channel.SMS, sid, status, detail).thenAccept(updated -> {
        if (updated.isPresent()) {
          publish(updated.get());
        } else {
          metrics.statusHeld();
          log.debug("Status {} for {} arrived before the reply's sid was recorded; held", status, LogSafe.quote(sid));
        }
      });
    });
  }

  /** Applies held callbacks whose message is known now and drops old ones; run at start and every minute. */
  CompletionStage<Void> sweepHeld() {
    Instant heldBefore = clock.instant().minus(HELD_FOR);
    return store.deliveries().sweepHeldDeliveryUpdates(Channel.SMS, heldBefore).thenAccept(swept -> {
      swept.applied().forEach(this::publish);
      if (swept.dropped() > 0) {
        metrics.statusUnmatched(swept.dropped());
        log.info("{} status callbacks matched no message we sent within {}; dropped", swept.dropped(), HELD_FOR);
      }
    });
  }

  private void publish(Message m) {
    events.publish(new GatewayEvent.DeliveryUpdated(m.conversationId(), m.id(), m.delivery(), m.deliveryDetail()));
  }

  static String detail(String twilioStatus, String errorCode, String errorMessage) {
    if (errorCode == null || errorCode.isBlank()) {
      return twilioStatus;
    }
    Integer code;
    try {
      code = Integer.valueOf(errorCode.strip());
    } catch (NumberFormatException e) {
      code = null;
    }
    return twilioStatus + ": " + (code == null ? "Twilio " + errorCode : TwilioErrors.describe(code, errorMessage));
  }
}
