package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendPace;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.logging.LogKey;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.OutboxEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at one due outbox entry: reads what it is addressed from, waits for its sender's slot
 * ({@link Pacing}: a refused send is moved to its slot, not an attempt), claims the entry as {@code sending}
 * with a lease (so a crash mid-send retries later), calls the channel's adapter on the channel's own sender
 * threads ({@link ProviderCalls}: never an event loop) with the send timeout, and hands the outcome to
 * {@link DeliveryOutcomes}. The move to a slot, the claim and so every outcome (a missing address too) apply
 * only if the entry is still as its read found it: a late read's entry may have been sent or retried meanwhile,
 * and then the attempt ends there, quietly. An entry already {@code sending} was cut off by a stop: its retry is
 * a <em>resend</em>, counted in {@code switchboard.outbox.resends} and sent under the same idempotency key.
 * While the outbox is stopping no attempt begins; one cut off by the stop ends without an outcome, and if its
 * send had not begun its claim is given back ({@link #giveBack}): only a send the provider may have seen stays
 * {@code sending}. A send whose timeout ran out while it waited for a sender thread is given back too, due again
 * and not counted as an attempt ({@code switchboard.outbox.unbegun}).
 */
final class OutboxSender {

  private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

  private final ConversationStore store;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Map<Channel, ChannelAdapter> adapters;
  private final OutboxDispatcher.Settings settings;
  private final DeliveryOutcomes outcomes;
  private final BooleanSupplier stopping;
  private final Pacing pacing = new Pacing();
  private final ProviderCalls calls;

  OutboxSender(ConversationStore store, Clock clock, MeterRegistry meters, Map<Channel, ChannelAdapter> adapters,
      OutboxDispatcher.Settings settings, DeliveryOutcomes outcomes, BooleanSupplier stopping) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.meters = requireNonNull(meters, "meters");
    this.adapters = requireNonNull(adapters, "adapters");
    this.settings = requireNonNull(settings, "settings");
    this.outcomes = requireNonNull(outcomes, "outcomes");
    this.stopping = requireNonNull(stopping, "stopping");
    this.calls = new ProviderCalls(adapters.keySet(), settings.sendTimeout(), stopping);
  }

  /** Tries {@code entry} once; completes when its outcome is recorded (or it was left for later). */
  CompletionStage<Void> attempt(OutboxEntry entry) {
    if (stopping.getAsBoolean()) {
      return CompletableFuture.completedFuture(null); // not claimed: still due for whoever sends next
    }
    // Every read, send and write of the attempt carries the conversation on to its thread.
    try (LogContext.Scope ignored = LogContext.with(LogKey.CONVERSATION, entry.conversationId().value())) {
      return attemptInContext(entry);
    }
  }

  private CompletionStage<Void> attemptInContext(OutboxEntry entry) {
    return store.conversation(entry.conversationId()).thenCompose(oc -> {
      Conversation c = oc.orElseThrow();
      // A forward leaves by its address's channel, with none of the other channel's thread to refer to.
      Channel channel = entry.to().map(t -> t.kind().channel()).orElse(c.channel());
      ChannelAdapter adapter = adapters.get(channel);
      // Paced before the message, contact and thread are read: an incident's backlog of thousands waiting
      // for their slots costs one read and one write each, and the other channels' sends behind it wait less.
      Optional<SendPace> pace = adapter == null ? Optional.empty() : adapter.pace();
      Duration wait = pace
          .map(p -> pacing.take(channel, p.sender().apply(c), entry.messageId(), p, clock.instant()))
          .orElse(Duration.ZERO);
      if (!wait.isZero()) {
        // Not an attempt: the entry waits for its sender's next slot (docs/channel-sms.md, "Pacing"), if it is
        // still as read (a late read's entry may have been sent or retried meanwhile: then it is left so, and
        // the slot booked for it goes back to the sender).
        Instant now = clock.instant();
        return store.deliveries().deferOutbox(entry, now, now.plus(wait)).thenAccept(deferred -> {
          if (deferred) {
            paced(channel).increment();
          } else {
            SendPace p = pace.orElseThrow();
            pacing.release(channel, p.sender().apply(c), entry.messageId(), p);
            log.debug("Outbox entry {} not deferred: it changed since it was read", entry.messageId());
          }
        });
      }
      return attemptNow(entry, c, channel, adapter);
    }).exceptionally(err -> {
      if (stopping.getAsBoolean()) {
        // Cut off by the stop (its sends refused, or the term's writes): claimed entries are taken up by
        // the next leader as interrupted sends, the others are still due. One INFO line says so at close.
        log.debug("Outbox attempt for {} left for the next leader: {}", entry.messageId(), rootCause(err).toString());
      } else {
        log.error("Outbox attempt for {} failed", entry.messageId(), err);
      }
      return null;
    });
  }

  /** The attempt once the entry may go: reads what the send needs, sends and records the outcome. */
  private CompletionStage<Void> attemptNow(OutboxEntry entry, Conversation conversation, Channel channel,
      ChannelAdapter adapter) {
    int attempt = entry.attempts() + 1;
    return store.message(entry.messageId()).thenCompose(om -> {
      Message message = om.orElseThrow();
      // The whole thread only for a channel that quotes it (e-mail): a long chat or SMS thread is not read per send.
      CompletionStage<List<Message>> earlier = adapter != null && adapter.quotesThread() && entry.to().isEmpty()
          ? store.messages(conversation.id()) : CompletableFuture.completedFuture(List.of());
      return store.contacts().find(conversation.contactId()).thenCombine(earlier,
          (contact, thread) -> new Addressee(conversation, contact.orElseThrow(), thread, Optional.empty()))
          .thenCombine(store.customerAddress(conversation.id()), Addressee::withRecorded)
          .thenCompose(parts -> {
            Conversation c = parts.conversation();
            Contact contact = parts.contact();
            List<Message> thread = entry.to().isPresent() ? List.of() : parts.thread().stream()
                .filter(m -> m.direction() != Direction.NOTE && !m.id().equals(message.id())).toList();
            // A forward's address must still be the contact's (an unmerge may have taken it away meanwhile).
            Identity to = entry.to().isPresent()
                ? entry.to().filter(t -> contact.identities().contains(t)).orElse(null)
                : Recipient.of(c, contact, parts.recorded());
            if (stopping.getAsBoolean()) {
              throw new NotBegun(NotBegun.Reason.STOPPING); // not claimed: still due
            }
            // The send and its outcome are logged under the channel the reply leaves by.
            try (LogContext.Scope ch = LogContext.with(LogKey.CHANNEL, channel.key())) {
              Instant now = clock.instant();
              Instant lease = now.plus(settings.sendTimeout()).plus(settings.baseDelay());
              return store.deliveries().claimOutbox(entry, now, lease).thenCompose(claimed -> {
                if (!claimed) {
                  // The read that found it answered late: since then it was sent, claimed, retried or paced.
                  log.debug("Outbox entry {} not sent: it changed since it was read", entry.messageId());
                  return CompletableFuture.<Void>completedFuture(null);
                }
                // Claimed first, so a late read's entry sent meanwhile is not then marked failed.
                if (adapter == null || to == null) {
                  Delivery failed = adapter == null
                      ? new Delivery.Failed("channel_disabled", "the " + channel.key() + " channel is not running")
                      : new Delivery.Failed("no_address", "the contact has no " + channel.key() + " address");
                  return outcomes.record(entry, channel, attempt, failed);
                }
                OutboundMessage out = new OutboundMessage(message, c, contact, to, thread, attempt);
                if (message.delivery() == DeliveryStatus.SENDING) {
                  countResend(message, channel);
                }
                outcomes.publish(entry, DeliveryStatus.SENDING, null);
                return calls.send(channel, adapter, out).handle((d, err) -> err == null
                        ? outcomes.record(entry, channel, attempt, d)
                        : giveBack(entry, channel, lease, message, err))
                    .thenCompose(Function.identity());
              });
            }
          });
    });
  }

  /**
   * A claimed send that ended before it began ({@link NotBegun}): the stop came between the claim and the
   * provider's call, or its timeout ran out while it waited for a sender thread. Its claim is given back
   * (due again, its message's delivery as it was), so that whoever sends it next sends it as a first try: not
   * as a resend, nor as a retry (a failed attempt counts toward the dead letter, and this one never reached
   * the provider). Should that write fail (the store closing, the term fenced), the claim's lease stands and
   * whoever leads takes it up as an interrupted send. Cut off by the stop, the attempt still ends as
   * {@code err} says, with no outcome; one that waited too long for a thread ends here, counted.
   */
  private CompletionStage<Void> giveBack(OutboxEntry entry, Channel channel, Instant lease, Message asRead,
      Throwable err) {
    if (!(rootCause(err) instanceof NotBegun notBegun)) {
      return CompletableFuture.failedFuture(err);
    }
    return store.deliveries().releaseClaim(entry, lease, asRead).handle((released, refused) -> {
      if (Boolean.TRUE.equals(released)) {
        outcomes.publish(entry, asRead.delivery(), asRead.deliveryDetail());
      } else {
        log.debug("Outbox claim of {} kept for the next leader: {}", entry.messageId(),
            refused == null ? "it changed since the claim" : rootCause(refused).toString());
      }
      if (notBegun.reason() == NotBegun.Reason.STOPPING) {
        throw err instanceof CompletionException c ? c : new CompletionException(err);
      }
      unbegun(channel).increment();
      log.debug("Outbox send of {} given back: every {} sender thread stayed busy for the send timeout",
          entry.messageId(), channel.key());
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

  /**
   * Refuses new sends and gives those already with the provider up to 5 s to finish and record their
   * outcome (the caller has set the outbox stopping first).
   */
  void stop() {
    calls.stop();
  }

  /**
   * The message was already being sent when its process stopped (no other way leaves it in
   * {@code sending}: an entry in flight is claimed with a lease, and no attempt sends without the claim).
   */
  private void countResend(Message message, Channel channel) {
    Counter.builder("switchboard.outbox.resends").tag("channel", channel.key())
        .description("Sends repeated because an earlier attempt was cut off before its outcome was recorded")
        .register(meters).increment();
    log.info("Resending {} on {}: its earlier attempt was cut off before the outcome was recorded",
        message.id(), channel.key());
  }

  private Counter unbegun(Channel channel) {
    return Counter.builder("switchboard.outbox.unbegun").tag("channel", channel.key())
        .description("Sends whose timeout ran out while they waited for a sender thread: given back, not an attempt")
        .register(meters);
  }

  private Counter paced(Channel channel) {
    return Counter.builder("switchboard.outbox.paced").tag("channel", channel.key())
        .description("Sends put back to wait for their sender's next slot (the provider's rate limit)")
        .register(meters);
  }

  static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
