package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How far the IMAP reader may run ahead of the {@link AckPipeline}, in batches: at most
 * {@value #COMMIT_WINDOW} fetched and not yet committed (their bodies are in memory), and at most
 * {@value #ACK_WINDOW} not yet acknowledged (only their UIDs and outcomes are held), so committed batches
 * can wait to share one acknowledging command without stopping the reader. Every wait is bounded and
 * gives up at once when the line has failed.
 */
final class ReadAhead {

  /** Batches fetched and not yet committed, at most: bounds the bodies held in memory. */
  static final int COMMIT_WINDOW = 3;
  /** Batches fetched and not yet acknowledged, at most: lets committed batches wait to share a command. */
  static final int ACK_WINDOW = 32;

  /** Throws the line's failure, if any. */
  interface FailureCheck {
    void throwIfFailed() throws Exception;
  }

  private final Semaphore uncommitted = new Semaphore(COMMIT_WINDOW);
  private final Semaphore unacknowledged = new Semaphore(ACK_WINDOW);
  private final FailureCheck line;

  ReadAhead(FailureCheck line) {
    this.line = requireNonNull(line, "line");
  }

  /** Takes a place in both windows for one more batch, waiting up to {@code bound} for each. */
  void awaitRoom(Duration bound) throws Exception {
    acquire(unacknowledged, 1, bound, "no batch was acknowledged within " + bound);
    try {
      acquire(uncommitted, 1, bound, "no batch was committed within " + bound);
    } catch (Exception e) {
      unacknowledged.release();
      throw e;
    }
  }

  /** A batch's mails are all committed (or failed): its bodies are gone. */
  void committed() {
    uncommitted.release();
  }

  /** This many batches are acknowledged (or dropped by a line that stopped). */
  void acknowledged(int batches) {
    unacknowledged.release(batches);
  }

  /** Whether the reader waits for an acknowledgement to go on. */
  boolean full() {
    return unacknowledged.availablePermits() == 0;
  }

  /** Waits until every batch taken so far is acknowledged. */
  void awaitAllAcknowledged(Duration bound) throws Exception {
    acquire(unacknowledged, ACK_WINDOW, bound, "the batches were not acknowledged within " + bound);
    unacknowledged.release(ACK_WINDOW);
  }

  private void acquire(Semaphore window, int permits, Duration bound, String timeout) throws Exception {
    line.throwIfFailed();
    long deadline = System.nanoTime() + bound.toNanos();
    while (!window.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
      line.throwIfFailed();
      if (System.nanoTime() > deadline) {
        throw new MailIntake.StoreUnavailableException(timeout, null);
      }
    }
  }
}
