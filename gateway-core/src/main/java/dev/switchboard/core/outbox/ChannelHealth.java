package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each channel's provider is doing, as the outbox sees it. A channel is <em>degraded</em> from a send
 * that failed for a passing reason (SMTP or Twilio unreachable, 5xx, 429, a timeout) until a send is
 * accepted again. A refusal for good (21211, SMTP 550) says nothing about the provider's health and
 * changes nothing. Safe from any thread.
 */
public final class ChannelHealth {

  /** A channel whose provider is failing: since when, the last passing failure, and when it was last tried. */
  public record Degraded(Instant since, String reason, Instant lastTried) {
    public Degraded {
      requireNonNull(since, "since");
      requireNonNull(reason, "reason");
      requireNonNull(lastTried, "lastTried");
    }
  }

  private final Map<Channel, Degraded> degraded = new ConcurrentHashMap<>();

  /** A send on {@code channel} failed for a passing reason at {@code now}; returns whether that is news. */
  boolean retrying(Channel channel, String reason, Instant now) {
    boolean[] fresh = {false};
    degraded.compute(channel, (c, old) -> {
      fresh[0] = old == null;
      return new Degraded(old == null ? now : old.since(), reason, now);
    });
    return fresh[0];
  }

  /** A send on {@code channel} was accepted; returns whether the channel was degraded until now. */
  boolean accepted(Channel channel) {
    return degraded.remove(channel) != null;
  }

  /** The channel's trouble, or empty while it works. */
  public Optional<Degraded> degraded(Channel channel) {
    return Optional.ofNullable(degraded.get(channel));
  }

  /**
   * The degraded channels not tried for {@code every}; each is marked tried at {@code now}, so that one
   * probe goes out per channel and period however often this is asked.
   */
  List<Channel> dueForProbe(Instant now, Duration every) {
    List<Channel> due = new ArrayList<>();
    for (Channel channel : List.copyOf(degraded.keySet())) {
      Degraded before = degraded.get(channel);
      if (before != null && !before.lastTried().plus(every).isAfter(now)
          && degraded.replace(channel, before, new Degraded(before.since(), before.reason(), now))) {
        due.add(channel);
      }
    }
    return due;
  }
}
