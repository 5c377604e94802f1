package dev.switchboard.core.model;

/** The life of a message: inbound ones are {@code RECEIVED}; outbound ones move from {@code QUEUED} on. */
public enum DeliveryStatus {
  RECEIVED, QUEUED, SENDING, SENT, DELIVERED, FAILED, DEAD;

  /** Whether the outbox is done with the message. */
  public boolean isFinal() {
    return this == DELIVERED || this == FAILED || this == DEAD || this == RECEIVED;
  }
}
