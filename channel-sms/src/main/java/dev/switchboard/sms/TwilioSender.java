package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.model.IdentityKind;
import dev.switchboard.core.http.LogSafe;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends agents' replies with the Twilio SDK ({@code Message.creator(to, from, body)}), on its own
 * executor because the SDK blocks. Each request carries the reply's message id as its idempotency token
 * ({@link IdempotentTwilioClient}).
 */
final class TwilioSender {

  private static final Logger log = LoggerFactory.getLogger(TwilioSender.class);

  private final SmsSettings settings;
  private final TwilioRestClient.Builder client;
  private final Executor executor;
  private final SmsMetrics metrics;
  private final Consumer<OutboundMessage> optedOutAtProvider;
  private final MediaLinks media;

  /**
   * {@code client} is built once per reply, with its token; {@code optedOutAtProvider} hears of replies
   * Twilio refused with 21610 (the number texted STOP); {@code media} makes the links Twilio fetches an
   * agent's files from.
   */
  TwilioSender(SmsSettings settings, TwilioRestClient.Builder client, Executor executor, SmsMetrics metrics,
      Consumer<OutboundMessage> optedOutAtProvider, MediaLinks media) {
    this.settings = requireNonNull(settings, "settings");
    this.client = requireNonNull(client, "client");
    this.executor = requireNonNull(executor, "executor");
    this.metrics = requireNonNull(metrics, "metrics");
    this.optedOutAtProvider = requireNonNull(optedOutAtProvider, "optedOutAtProvider");
    this.media = requireNonNull(media, "media");
  }

  CompletionStage<Delivery> send(OutboundMessage message) {
    return CompletableFuture.supplyAsync(() -> sendNow(message), executor);
  }

  private Delivery sendNow(OutboundMessage m) {
    Delivery delivery = attempt(m);
    if (delivery instanceof Delivery.Sent s) {
      metrics.sent();
      log.debug("Reply {} handed to Twilio as {}", m.message().id(), s.externalId());
    } else if (delivery instanceof Delivery.Failed f) {
      metrics.failed(f.code());
      log.warn("Reply {} in conversation {} refused: {} {}", m.message().id(), m.conversation().id(), LogSafe.quote(f.code()),
          LogSafe.quote(f.reason()));
      if (f.code().equals(String.valueOf(TwilioErrors.UNSUBSCRIBED))) {
        optedOutAtProvider.accept(m);
      }
    } else if (delivery instanceof Delivery.Retry r) {
      metrics.retried(r.reason().startsWith("twilio 429") ? "429"
          : r.reason().startsWith("twilio ") ? "5xx" : "network");
      log.info("Reply {} to try again: {}", m.message().id(), LogSafe.quote(r.reason()));
    }
    return delivery;
  }

  private Delivery attempt(OutboundMessage m) {
    if (m.to().kind() != IdentityKind.PHONE) {
      return new Delivery.Failed("invalid_recipient", "SMS needs a phone number, not a " + m.to().kind());
    }
    // Consent (per pair of numbers) is checked before: SmsChannelAdapter.send.
    Optional<String> from = settings.senderFor(m.conversation().threadKey());
    if (from.isEmpty()) {
      return new Delivery.Failed("no_sender_number", "No number to send from: set channels.sms.numbers");
    }
    MediaLinks.Parts parts = media.parts(m.message());
    if (parts.text().isBlank() && parts.mediaUrls().isEmpty()) {
      return new Delivery.Failed("empty_message", "An SMS needs some text");
    }
    try {
      MessageCreator creator = Message.creator(new PhoneNumber(m.to().value()), new PhoneNumber(from.get()),
          parts.text());
      if (!parts.mediaUrls().isEmpty()) {
        creator.setMediaUrl(parts.mediaUrls()); // an MMS: Twilio fetches each picture from its signed link
      }
      Message sent = creator
          .setStatusCallback(settings.statusCallback())
          .create(new IdempotentTwilioClient(client, m.message().id().value()));
      return new Delivery.Sent(sent.getSid(), false);
    } catch (TwilioException e) {
      return TwilioErrors.classify(e);
    }
  }
}
