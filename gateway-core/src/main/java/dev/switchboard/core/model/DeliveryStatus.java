package dev.switchboard.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The life of a message: inbound ones are {@code RECEIVED}; outbound ones move from {@code QUEUED} on. */
public enum DeliveryStatus {
  RECEIVED, QUEUED, SENDING, SENT, DELIVERED, FAILED, DEAD;

  /** Whether the outbox is done with the message. */
  public boolean isFinal() {
    return this == DELIVERED || this == FAILED || this == DEAD || this == RECEIVED;
  }

  /** The lower-case name used in JSON. */
  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The value for a key as written in JSON; throws {@link IllegalArgumentException} for an unknown one. */
  @JsonCreator
  public static DeliveryStatus ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
