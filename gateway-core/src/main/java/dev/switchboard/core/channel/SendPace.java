package dev.switchboard.core.channel;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import java.time.Duration;
import java.util.function.Function;

/**
 * How fast the outbox may hand a channel's messages to its provider: at most {@code perSecond} per sender
 * (one of our SMS numbers, the SMTP server), with up to {@code burst} at once after a quiet spell.
 * {@code sender} names the sender a conversation's messages leave from.
 */
public record SendPace(double perSecond, int burst, Function<Conversation, String> sender) {

  public SendPace {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: > 0)");
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst: " + burst + " (expected: > 0)");
    }
    requireNonNull(sender, "sender");
  }

  /** {@code perSecond} per sender, a second's worth (at least one) at once. */
  public static SendPace of(double perSecond, Function<Conversation, String> sender) {
    return new SendPace(perSecond, Math.max(1, (int) Math.floor(perSecond)), sender);
  }

  /** The time between two sends at the steady rate. */
  public Duration interval() {
    return Duration.ofNanos(Math.max(1, Math.round(1_000_000_000d / perSecond)));
  }
}
