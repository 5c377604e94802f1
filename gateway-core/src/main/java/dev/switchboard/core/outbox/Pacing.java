package dev.switchboard.core.outbox;

import dev.switchboard.core.channel.SendPace;
import dev.switchboard.core.model.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The outbox's send slots per provider sender (a generic cell rate: each sender has a theoretical next
 * send time that moves one interval per send; a burst may run that far ahead of now). A send refused now
 * is told how long to wait, plus one interval for each send refused before it since the last one that went,
 * so the entries put back spread over the coming slots instead of all coming due at the same instant.
 * Called from the outbox's own threads; synchronized, as sends complete on several.
 */
final class Pacing {

  private record Sender(Channel channel, String name) {}

  private static final class Slots {
    Instant next;
    int waiting;
  }

  private final Map<Sender, Slots> senders = new HashMap<>();

  /** Takes a slot for a send from {@code sender} now and answers zero, or answers how long to wait for one. */
  synchronized Duration take(Channel channel, String sender, SendPace pace, Instant now) {
    Slots s = senders.computeIfAbsent(new Sender(channel, sender), k -> new Slots());
    Duration interval = pace.interval();
    Instant next = s.next == null || s.next.isBefore(now) ? now : s.next;
    Instant allowedAt = next.minus(interval.multipliedBy(pace.burst() - 1L));
    if (!allowedAt.isAfter(now)) {
      s.next = next.plus(interval);
      s.waiting = 0;
      return Duration.ZERO;
    }
    Duration wait = Duration.between(now, allowedAt).plus(interval.multipliedBy(s.waiting));
    s.waiting++;
    return wait;
  }
}
