package dev.switchboard.core.store;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import java.time.Instant;
import java.util.UUID;

/** Inbound messages for store tests. */
final class Inbound {

  private Inbound() {}

  /** A fresh e-mail address, so tests sharing a database never meet each other's contacts. */
  static String address() {
    return "c-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  /** A fresh phone number in E.164. */
  static String phone() {
    return "+1555" + String.format("%07d", java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000_000));
  }

  /** A fresh 32-character token, for Twilio-like sids. */
  static String token() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static String messageId() {
    return "<" + UUID.randomUUID() + "@mail.example.com>";
  }

  /** A mail from {@code from}; its thread key is its own Message-ID, as a new mail thread's would be. */
  static InboundMessage.Builder email(String from, String messageId) {
    return InboundMessage.builder(Channel.EMAIL, Identity.email(from), messageId, messageId)
        .senderName("Customer " + from)
        .subject("Help")
        .text("Hello")
        .receivedAt(Instant.parse("2026-01-05T10:00:00Z"));
  }

  /** A mail that continues the thread started by {@code threadKey}. */
  static InboundMessage.Builder reply(String from, String messageId, String threadKey) {
    return InboundMessage.builder(Channel.EMAIL, Identity.email(from), messageId, threadKey)
        .subject("Re: Help")
        .text("Still broken")
        .receivedAt(Instant.parse("2026-01-05T10:05:00Z"));
  }

  static InboundMessage.Builder sms(String from, String sid) {
    return InboundMessage.builder(Channel.SMS, Identity.phone(from), sid, from + ">+15550001111")
        .text("Outage here")
        .receivedAt(Instant.parse("2026-01-05T10:00:00Z"));
  }
}
