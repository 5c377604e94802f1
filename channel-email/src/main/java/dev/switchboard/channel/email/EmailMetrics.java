package dev.switchboard.channel.email;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The email channel's meters, all under {@code switchboard.email.}. */
final class EmailMetrics {

  private final MeterRegistry registry;
  private final Counter reconnects;
  private final Counter sent;

  EmailMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.reconnects = Counter.builder("switchboard.email.imap.reconnects")
        .description("IMAP connections lost or failed, each followed by a reconnect after backoff")
        .register(registry);
    this.sent = Counter.builder("switchboard.email.sent")
        .description("Agent replies accepted by the SMTP server")
        .register(registry);
  }

  /** A mail stored ({@code duplicate=false}) or recognized as stored before. */
  void received(String source, boolean duplicate) {
    Counter.builder("switchboard.email.received")
        .description("Mails taken in, by source and whether they were already stored")
        .tag("source", source)
        .tag("outcome", duplicate ? "duplicate" : "stored")
        .register(registry).increment();
  }

  void refused(String source, Refusal reason) {
    Counter.builder("switchboard.email.refused")
        .description("Mails refused, by source and reason")
        .tag("source", source)
        .tag("reason", reason.code())
        .register(registry).increment();
  }

  /** Addresses a mail named in To or Cc that our replies will not copy, by reason (see {@link CopyPolicy}). */
  void copiesDropped(CopyPolicy.Dropped reason, int count) {
    Counter.builder("switchboard.email.copies.dropped")
        .description("Addresses named in a customer's To or Cc that replies do not copy, by reason")
        .tag("reason", reason.code())
        .register(registry).increment(count);
  }

  /** From the mail's arrival (IMAP INTERNALDATE, or the request) to its commit. */
  void intakeLatency(String source, Duration latency) {
    Timer.builder("switchboard.email.intake.latency")
        .description("Time from a mail's arrival at the mailbox or endpoint to its commit")
        .tag("source", source)
        .register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
  }

  /**
   * {@code switchboard.email.imap.reading} is 1 on the node that reads the mailbox (the leader), and
   * {@code switchboard.email.imap.connected} 1 while its connection is up: reading minus connected above 0
   * for a while is a mailbox nobody is reading.
   */
  void imapState(BooleanSupplier reading, BooleanSupplier connected) {
    // Strong references: the suppliers are lambdas nothing else holds, and a gauge keeps its object only
    // weakly by default, so after a GC both gauges read NaN (the disconnect alert would never fire).
    Gauge.builder("switchboard.email.imap.reading", reading, r -> r.getAsBoolean() ? 1 : 0).strongReference(true)
        .description("1 while this node runs the IMAP reader (the leader of a cluster), else 0")
        .register(registry);
    Gauge.builder("switchboard.email.imap.connected", connected, c -> c.getAsBoolean() ? 1 : 0).strongReference(true)
        .description("1 while this node's IMAP reader holds an open connection to the mailbox, else 0")
        .register(registry);
  }

  void reconnect() {
    reconnects.increment();
  }

  void sent() {
    sent.increment();
  }

  /** A send that failed: {@code retry} for passing failures, {@code failed} for permanent ones. */
  void sendFailure(String kind, String code) {
    Counter.builder("switchboard.email.send.failures")
        .description("Agent replies the SMTP server did not take, by kind and code")
        .tag("kind", kind)
        .tag("code", code)
        .register(registry).increment();
  }
}
