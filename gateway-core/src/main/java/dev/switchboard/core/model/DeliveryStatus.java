package dev.switchboard.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The life of a message: inbound ones are {@code RECEIVED}; outbound ones move from {@code QUEUED} on.
 * {@code PENDING} is an outbound message whose last attempt failed for a passing reason (provider down,
 * 5xx, timeout): it waits in the outbox for its next try.
 */
public enum DeliveryStatus {
  RECEIVED, QUEUED, PENDING, SENDING, SENT, DELIVERED, FAILED, DEAD;

  /** The lower-case name, made once: {@link #key()} runs on every message's path. */
  private final String key = name().toLowerCase(Locale.ROOT);

  /** Whether the outbox is done with the message. */
  public boolean isFinal() {
    return this == DELIVERED || this == FAILED || this == DEAD || this == RECEIVED;
  }

  /**
   * Whether a provider's later report of {@code next} moves a message that is in this state: only
   * forward, since reports arrive out of order ("sent" after "delivered").
   */
  public boolean advancesTo(DeliveryStatus next) {
    return next.rank() > rank();
  }

  private int rank() {
    return switch (this) {
      case RECEIVED -> -1;
      case QUEUED, PENDING -> 0;
      case SENDING -> 1;
      case SENT -> 2;
      case DELIVERED, FAILED -> 3;
      case DEAD -> 4;
    };
  }

  /** The lower-case name used in JSON. */
  @JsonValue
  public String key() {
    return key;
  }

  /** The value for a key as written in JSON; throws {@link IllegalArgumentException} for an unknown one. */
  @JsonCreator
  public static DeliveryStatus ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
