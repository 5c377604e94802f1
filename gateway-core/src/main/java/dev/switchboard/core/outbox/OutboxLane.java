package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One channel's window of outbox sends in flight ({@link OutboxDispatcher#WINDOW} at most), whether a read of
 * its due entries is running, and whether the last read left more due than the window had room for. When a
 * send ends with half the window free and more due, {@code refill} is asked to fill it again.
 */
final class OutboxLane {

  private final Channel channel;
  private final Runnable refill;
  final AtomicBoolean reading = new AtomicBoolean();
  final AtomicInteger inFlight = new AtomicInteger();
  /** The last read found as many due entries as it asked for: more may be waiting. */
  volatile boolean moreDue;

  OutboxLane(Channel channel, Runnable refill) {
    this.channel = requireNonNull(channel, "channel");
    this.refill = requireNonNull(refill, "refill");
  }

  Channel channel() {
    return channel;
  }

  /** A send of this lane ended (whatever its outcome). */
  void ended() {
    if (inFlight.decrementAndGet() <= OutboxDispatcher.WINDOW / 2 && moreDue) {
      moreDue = false;
      refill.run();
    }
  }
}
