package dev.switchboard.core.transport;

import java.time.Duration;

/**
 * Counts requests whose handler was called and whose answer is not yet written, so that a closing
 * server can let them finish: handlers return stages and hold no thread, so an idle worker pool no
 * longer means that no request is in progress.
 */
final class InFlight {

  private int count;

  synchronized void started() {
    count++;
  }

  synchronized void ended() {
    count--;
    if (count == 0) {
      notifyAll();
    }
  }

  /** Waits until no request is in flight, or {@code grace} has passed; returns whether none is. */
  synchronized boolean awaitNone(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (count > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
