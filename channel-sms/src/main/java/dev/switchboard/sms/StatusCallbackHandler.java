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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /sms/twilio/status}: Twilio's delivery updates for our replies. Moves the message's
 * delivery state forward and publishes {@link GatewayEvent.DeliveryUpdated}, which the agent sees.
 */
final class StatusCallbackHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(StatusCallbackHandler.class);

  /**
   * A callback can overtake the outbox recording the MessageSid that {@code send} returned; such a
   * callback is tried again after these pauses before it is dropped.
   */
  static final List<Duration> UNMATCHED_RETRIES = List.of(Duration.ofMillis(500), Duration.ofSeconds(2),
      Duration.ofSeconds(5));

  private final WebhookGuard guard;
  private final ConversationStore store;
  private final EventBus events;
  private final SmsMetrics metrics;
  private final ScheduledExecutorService scheduler;

  StatusCallbackHandler(WebhookGuard guard, ConversationStore store, EventBus events, SmsMetrics metrics,
      ScheduledExecutorService scheduler) {
    this.guard = requireNonNull(guard, "guard");
    this.store = requireNonNull(store, "store");
    this.events = requireNonNull(events, "events");
    this.metrics = requireNonNull(metrics, "metrics");
    this.scheduler = requireNonNull(scheduler, "scheduler");
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    WebhookGuard.Verdict verdict = guard.check(request);
    if (!(verdict instanceof WebhookGuard.Verdict.Accepted accepted)) {
      return WebhookGuard.refusal(verdict);
    }
    Map<String, String> fields = accepted.fields();
    String sid = fields.get("MessageSid");
    String twilioStatus = fields.getOrDefault("MessageStatus", fields.get("SmsStatus"));
    if (sid == null || sid.isBlank() || twilioStatus == null) {
      metrics.malformed();
      return HttpResponse.error(400, "invalid_webhook", "MessageSid and MessageStatus are required");
    }
    metrics.statusUpdate(twilioStatus);
    Optional<DeliveryStatus> status = TwilioStatus.toDelivery(twilioStatus);
    if (status.isEmpty()) {
      log.debug("Ignoring status {} for {}", LogSafe.quote(twilioStatus), LogSafe.quote(sid));
      return TwiML.empty();
    }
    String detail = detail(twilioStatus, fields.get("ErrorCode"), fields.get("ErrorMessage"));
    boolean matched = Stages.await(update(sid, status.get(), detail), "record the delivery state");
    if (!matched) {
      retryLater(sid, status.get(), detail, 0);
    }
    return TwiML.empty();
  }

  /** Completes with whether a message with that sid was found. */
  private CompletionStage<Boolean> update(String sid, DeliveryStatus status, String detail) {
    return store.messageByExternalId(Channel.SMS, sid).thenCompose(current -> {
      if (current.isEmpty()) {
        return CompletableFuture.completedFuture(false);
      }
      if (!TwilioStatus.movesForward(current.get().delivery(), status)) {
        log.debug("Status {} for {} is behind {}; ignored", status, LogSafe.quote(sid), current.get().delivery());
        return CompletableFuture.completedFuture(true);
      }
      return store.updateDelivery(Channel.SMS, sid, status, detail).thenApply(updated -> {
        updated.ifPresent(this::publish);
        return updated.isPresent();
      });
    });
  }

  private void publish(Message m) {
    events.publish(new GatewayEvent.DeliveryUpdated(m.conversationId(), m.id(), m.delivery(), m.deliveryDetail()));
  }

  private void retryLater(String sid, DeliveryStatus status, String detail, int attempt) {
    if (attempt >= UNMATCHED_RETRIES.size()) {
      metrics.statusUnmatched();
      log.info("Status {} for {} matches no message we sent; dropped", status, LogSafe.quote(sid));
      return;
    }
    scheduler.schedule(() -> update(sid, status, detail)
            .exceptionally(e -> {
              log.warn("Could not record status {} for {}", status, LogSafe.quote(sid), e);
              return false;
            })
            .thenAccept(matched -> {
              if (!matched) {
                retryLater(sid, status, detail, attempt + 1);
              }
            }),
        UNMATCHED_RETRIES.get(attempt).toMillis(), TimeUnit.MILLISECONDS);
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
