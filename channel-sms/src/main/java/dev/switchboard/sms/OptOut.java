package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.http.LogSafe;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.OptOutState;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS consent, kept as carriers keep it: per pair of numbers, the customer's and the one of ours they
 * texted. STOP to one of our numbers stops replies from that number only. The latest keyword wins by its
 * message's time (the store decides), so a replayed STOP cannot undo a later START.
 *
 * <p>Before consent was kept per pair it was a contact attribute, {@code sms.optOut}; where no pair has
 * a record yet, that attribute still decides, so an old STOP is never forgotten by an upgrade.
 */
final class OptOut {

  /** The contact-wide opt-out written before pairs were kept; read only. */
  static final String LEGACY_ATTRIBUTE = "sms.optOut";

  private static final Logger log = LoggerFactory.getLogger(OptOut.class);

  private final ConversationStore store;
  private final Clock clock;

  OptOut(ConversationStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * The refusal for a reply to a customer who opted out of the number it would go from, or empty when it
   * may go. {@code from} is the sender number the reply would use.
   */
  CompletionStage<Optional<Delivery.Failed>> refusal(OutboundMessage m, String from) {
    return store.optOuts().find(Channel.SMS, m.to().value(), from).thenApply(pair -> {
      boolean out = pair.map(OptOutState::optedOut)
          .orElseGet(() -> "true".equals(m.contact().attributes().get(LEGACY_ATTRIBUTE)));
      return out ? Optional.of(new Delivery.Failed("opted_out", "Not sent: the customer texted STOP to "
          + from + ". They can text START to it to receive SMS again; until then reach them on another "
          + "channel.")) : Optional.empty();
    });
  }

  /**
   * Applies a keyword the customer at {@code customer} sent to our number {@code ours} in the stored
   * message {@code messageId}; completes with the consent now in force, or empty for other messages.
   */
  CompletionStage<Optional<OptOutState>> apply(String customer, String ours, MessageId messageId, Keyword keyword) {
    if (keyword != Keyword.OPT_OUT && keyword != Keyword.OPT_IN) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return store.message(messageId).thenCompose(message -> {
      Instant at = message.map(Message::createdAt).orElseGet(clock::instant);
      return record(customer, ours, keyword == Keyword.OPT_OUT, at).thenApply(Optional::of);
    });
  }

  /** Twilio refused a reply because the customer opted out of that number at the carrier (21610). */
  CompletionStage<OptOutState> optedOutAtProvider(String customer, String ours) {
    return record(customer, ours, true, clock.instant());
  }

  private CompletionStage<OptOutState> record(String customer, String ours, boolean optedOut, Instant at) {
    return store.optOuts().record(Channel.SMS, customer, ours, new OptOutState(optedOut, at)).thenApply(now -> {
      if (now.changedAt().equals(at)) {
        log.info("SMS from {} to {}: {}", LogSafe.quote(ours), maskedNumber(customer),
            optedOut ? "opted out" : "opted in");
      }
      return now;
    });
  }

  /** Enough of a customer's number to tell two apart in a log, not enough to text them. */
  static String maskedNumber(String e164) {
    return e164.length() <= 4 ? "****" : "***" + e164.substring(e164.length() - 4);
  }
}
