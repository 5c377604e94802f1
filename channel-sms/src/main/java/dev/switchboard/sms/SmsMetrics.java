package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The SMS channel's meters, all under {@code switchboard.sms.}. */
final class SmsMetrics {

  private final MeterRegistry registry;
  private final Counter received;
  private final Counter duplicates;
  private final Counter forged;
  private final Counter malformed;
  private final Counter sent;

  SmsMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    received = Counter.builder("switchboard.sms.received")
        .description("Inbound SMS/MMS stored for the first time").register(registry);
    duplicates = Counter.builder("switchboard.sms.duplicates")
        .description("Inbound webhooks for a MessageSid stored before (Twilio retries, replays)")
        .register(registry);
    forged = Counter.builder("switchboard.sms.forged")
        .description("Webhooks refused for a missing or wrong X-Twilio-Signature").register(registry);
    malformed = Counter.builder("switchboard.sms.malformed")
        .description("Webhooks refused because the form or its fields could not be read").register(registry);
    sent = Counter.builder("switchboard.sms.sent")
        .description("Replies accepted by Twilio").register(registry);
  }

  void received() {
    received.increment();
  }

  void duplicate() {
    duplicates.increment();
  }

  void forged() {
    forged.increment();
  }

  void malformed() {
    malformed.increment();
  }

  void sent() {
    sent.increment();
  }

  /** A reply Twilio refused for good; {@code code} is Twilio's error code or ours ({@code opted_out}). */
  void failed(String code) {
    registry.counter("switchboard.sms.send.failures", "code", code).increment();
  }

  /** A reply to try again: {@code reason} is {@code 429}, {@code 5xx} or {@code network}. */
  void retried(String reason) {
    registry.counter("switchboard.sms.send.retries", "reason", reason).increment();
  }

  /** An opt-out, opt-in or help keyword. */
  void keyword(Keyword keyword) {
    registry.counter("switchboard.sms.keywords", "keyword", keyword.tag()).increment();
  }

  void mediaStored() {
    registry.counter("switchboard.sms.media.stored").increment();
  }

  /** A media item not stored: {@code outside_api}, {@code too_large} or {@code fetch_failed}. */
  void mediaRefused(String reason) {
    registry.counter("switchboard.sms.media.refused", "reason", reason).increment();
  }

  void statusUpdate(String twilioStatus) {
    registry.counter("switchboard.sms.status.updates", "status", twilioStatus).increment();
  }

  /** A status callback that overtook the outbox recording its MessageSid, held in the store. */
  void statusHeld() {
    registry.counter("switchboard.sms.status.held").increment();
  }

  /** Held status callbacks that no message claimed within a day, dropped. */
  void statusUnmatched(int dropped) {
    registry.counter("switchboard.sms.status.unmatched").increment(dropped);
  }
}
