package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.MessageId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One channel's window of outbox sends in flight ({@link OutboxDispatcher#WINDOW} at most), whether a read of
 * its due entries is running, and whether the last read left more due than the window had room for. When a
 * send ends with half the window free and more due, {@code refill} is asked to fill it again.
 */
final class OutboxLane {

  private final Channel channel;
  private final Runnable refill;
  private final Set<MessageId> inFlight = ConcurrentHashMap.newKeySet();
  final AtomicBoolean reading = new AtomicBoolean();
  /** The last read found as many due entries as it asked for: more may be waiting. */
  volatile boolean moreDue;

  OutboxLane(Channel channel, Runnable refill) {
    this.channel = requireNonNull(channel, "channel");
    this.refill = requireNonNull(refill, "refill");
  }

  Channel channel() {
    return channel;
  }

  /** How many of this lane's sends are in flight. */
  int inFlight() {
    return inFlight.size();
  }

  /** Takes {@code id} in flight; false when it already is (an entry is tried at most once at a time). */
  boolean begin(MessageId id) {
    return inFlight.add(id);
  }

  /** The send of {@code id} ended (whatever its outcome). */
  void ended(MessageId id) {
    inFlight.remove(id);
    if (inFlight.size() <= OutboxDispatcher.WINDOW / 2 && moreDue) {
      moreDue = false;
      refill.run();
    }
  }
}
