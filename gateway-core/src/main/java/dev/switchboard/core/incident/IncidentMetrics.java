package dev.switchboard.core.incident;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code switchboard.incidents.*}: incidents opened and refused (by reason), conversations linked and
 * released, and the messages incidents queued.
 */
final class IncidentMetrics {

  /** Why a request about incidents was refused. */
  enum Refusal {
    INVALID_MATCH, TOO_MANY, RESOLVED, INVALID_TEXT, UNKNOWN;

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final MeterRegistry meters;
  private final Counter opened;
  private final Counter linked;
  private final Counter released;
  private final Counter messages;

  IncidentMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.opened = Counter.builder("switchboard.incidents.opened").description("Incidents opened").register(meters);
    this.linked = Counter.builder("switchboard.incidents.linked")
        .description("Conversations linked to an incident").register(meters);
    this.released = Counter.builder("switchboard.incidents.released")
        .description("Linked conversations sent back to the queue (the customer wrote something else)")
        .register(meters);
    this.messages = Counter.builder("switchboard.incidents.messages")
        .description("Messages incidents queued in the outbox (status answers, updates, final messages)")
        .register(meters);
    for (Refusal r : Refusal.values()) {
      refusals(r);
    }
  }

  void opened() {
    opened.increment();
  }

  void linked(int n) {
    linked.increment(n);
  }

  void released(int n) {
    released.increment(n);
  }

  void messages(int n) {
    messages.increment(n);
  }

  void refused(Refusal reason) {
    refusals(reason).increment();
  }

  private Counter refusals(Refusal reason) {
    return Counter.builder("switchboard.incidents.refused").description("Incident requests refused, by reason")
        .tag("reason", reason.key()).register(meters);
  }
}
