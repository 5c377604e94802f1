package dev.switchboard.core.outbox;

import dev.switchboard.core.channel.SendPace;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.MessageId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The outbox's send slots per provider sender (a generic cell rate: each sender has a theoretical next
 * send time that moves one interval per send; a burst may run that far ahead of now). A send refused now
 * is <em>booked</em> the sender's next free slot, which moves the next send time on as a send would: the
 * message is told how long until its slot, and when it comes back for it, it goes, taking no second slot.
 * So a backlog of thousands is deferred once each, into successive slots, and no slot is promised twice
 * (which, with every refused send told "the next slot", made the same entries come back and be refused
 * over and over, and kept the rate under the limit). Called from the outbox's own threads; synchronized.
 */
final class Pacing {

  /** A message back this close before its slot goes: the store keeps the due time in milliseconds. */
  private static final Duration EARLY = Duration.ofMillis(1);
  /** Bookings of messages that never came back (sent elsewhere, a step-down) are dropped this long after. */
  private static final Duration FORGET_AFTER = Duration.ofMinutes(10);
  private static final int SWEEP_EVERY = 4096;

  private record Sender(Channel channel, String name) {}

  private static final class Slots {
    Instant next;
    final Map<MessageId, Instant> booked = new HashMap<>();
  }

  private final Map<Sender, Slots> senders = new HashMap<>();
  private int takes;

  /**
   * Takes a slot for {@code message}'s send from {@code sender} now and answers zero, or answers how long
   * to wait for the slot booked for it.
   */
  synchronized Duration take(Channel channel, String sender, MessageId message, SendPace pace, Instant now) {
    Slots s = senders.computeIfAbsent(new Sender(channel, sender), k -> new Slots());
    if (++takes % SWEEP_EVERY == 0) {
      forgetStale(now);
    }
    Instant booked = s.booked.get(message);
    if (booked != null) {
      if (!booked.isAfter(now.plus(EARLY))) {
        s.booked.remove(message);
        return Duration.ZERO;
      }
      return Duration.between(now, booked); // back early (made due by a probe or a recovery): same slot
    }
    Duration interval = pace.interval();
    Instant next = s.next == null || s.next.isBefore(now) ? now : s.next;
    Instant allowedAt = next.minus(interval.multipliedBy(pace.burst() - 1L));
    s.next = next.plus(interval);
    if (!allowedAt.isAfter(now)) {
      return Duration.ZERO;
    }
    s.booked.put(message, allowedAt);
    return Duration.between(now, allowedAt);
  }

  /**
   * Gives back the slot booked for {@code message}, which will not come for it: its entry changed between
   * the read and the deferral (sent, claimed or retried by another attempt), so nothing waits for that slot.
   * The last slot handed out is taken back (the next send of the sender gets it); an earlier one stays
   * spent, since later bookings are promised behind it, and is only forgotten.
   */
  synchronized void release(Channel channel, String sender, MessageId message, SendPace pace) {
    Slots s = senders.get(new Sender(channel, sender));
    Instant booked = s == null ? null : s.booked.remove(message);
    if (booked == null) {
      return;
    }
    Duration interval = pace.interval();
    // take() booked allowedAt = next - interval * (burst - 1) and moved next on to next + interval; every take
    // since would have moved next further, so next still there means this booking was the last one.
    if (booked.plus(interval.multipliedBy(pace.burst())).equals(s.next)) {
      s.next = s.next.minus(interval);
    }
  }

  /** Bookings held now, over every sender. */
  synchronized int booked() {
    return senders.values().stream().mapToInt(s -> s.booked.size()).sum();
  }

  private void forgetStale(Instant now) {
    Instant before = now.minus(FORGET_AFTER);
    for (Slots s : senders.values()) {
      for (Iterator<Instant> it = s.booked.values().iterator(); it.hasNext(); ) {
        if (it.next().isBefore(before)) {
          it.remove();
        }
      }
    }
  }
}
