package dev.switchboard.core.channel;

import java.time.Duration;

/** The outcome of one {@link ChannelAdapter#send} attempt. */
public sealed interface Delivery {

  /** Handed to the provider; {@code externalId} (Message-ID, MessageSid) lets later status updates find it. */
  record Sent(String externalId, boolean delivered) implements Delivery {}

  /** A passing failure (network, 429, 5xx, SMTP 4xx); the outbox tries again with backoff. */
  record Retry(String reason, Duration notBefore) implements Delivery {
    public Retry(String reason) {
      this(reason, Duration.ZERO);
    }
  }

  /** A failure that no retry will mend (opted out, invalid number, SMTP 5xx); {@code code} is the provider's. */
  record Failed(String code, String reason) implements Delivery {}
}
