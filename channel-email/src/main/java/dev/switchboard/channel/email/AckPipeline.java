package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges the reader's batches after their commits, in the order they were fetched, on a thread and
 * an IMAP connection of its own, so the reader lists and fetches the next mails while the last ones are
 * committed and flagged. The batches whose commits are done by the time the line is free are joined:
 * one command acknowledges them all (up to {@value #JOIN_MAX} mails), and the position is saved once after
 * them. Each acknowledging command costs the server a walk over the whole folder (GreenMail's
 * {@code UID STORE} and {@code UID MOVE} do, whatever the set's size), so while one runs the next batches
 * gather behind it and share the next one, and fewer than {@value #JOIN_MIN} mails wait up to
 * {@link #GAP} after the last command for more. The saved position never passes a mail that is not yet
 * committed and acknowledged, so a restart reads such a mail again and the store recognizes it by its
 * Message-ID. Nothing is acknowledged before its commit. This class decides when and in which groups the
 * batches are acknowledged; what an acknowledgement does on the mailbox, to the UIDs in flight and to the
 * saved position is the {@link AckLedger}'s.
 *
 * <p>Two windows bound the reader ({@link ReadAhead}): batches fetched and not yet committed, and batches
 * not yet acknowledged. The UIDs of the batches on their way are {@link #inFlight()}: the reader's
 * next pass leaves them alone, though they are still unseen. The first failure worth a reconnect stops
 * the line: what follows it is not acknowledged, {@code onFailure} ends the session, and the reconnect
 * reads it again.
 */
final class AckPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AckPipeline.class);
  /** Mails acknowledged by one command, at most (the batches are joined whole, so one batch may pass it). */
  static final int JOIN_MAX = 1_000;
  /** Fewer mails than this ready wait up to {@link #GAP} after the last acknowledgement, to join more. */
  static final int JOIN_MIN = 300;
  /** The least time between two acknowledgements of fewer than {@value #JOIN_MIN} mails (by default). */
  static final Duration GAP = Duration.ofSeconds(1);
  /** How long a batch's commits (each bounded at 30 s by the intake) and a position's save are awaited. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final AckLedger ledger;
  private final Runnable onFailure;
  private final ReadAhead ahead = new ReadAhead(this::throwIfFailed);
  private final Queue<PendingBatch> waiting = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService line;
  private final AtomicBoolean deferred = new AtomicBoolean();
  private final long gapNanos;
  private volatile long lastAcknowledged;
  private volatile boolean draining;
  private volatile Exception failure;

  /** {@code gap}: the least time between two acknowledgements of a trickle ({@link #GAP} in production). */
  AckPipeline(MailboxAcks acks, MailboxCursor cursor, MailboxCursor.Position position, MailIntake counting,
      Map<Long, Integer> attempts, Duration gap, Runnable onFailure) {
    this.gapNanos = gap.toNanos();
    this.lastAcknowledged = System.nanoTime() - gapNanos;
    this.ledger = new AckLedger(acks, cursor, position, counting, attempts);
    this.onFailure = requireNonNull(onFailure, "onFailure");
    this.line = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-email-imap-ack");
      t.setDaemon(true);
      return t;
    });
  }

  /** UIDs fetched and not yet acknowledged (nor set aside). */
  Set<Long> inFlight() {
    return ledger.inFlight();
  }

  /** Whether acknowledged mail leaves the folder rather than being flagged. */
  boolean moves() {
    return ledger.moves();
  }

  /** Whether a mail was put back unseen (for a later pass to read again) since this was last asked. */
  boolean putBack() {
    return ledger.putBack();
  }

  /** The position saved last. */
  MailboxCursor.Position position() {
    return ledger.position();
  }

  /**
   * Waits (bounded) for room in both windows of the {@link ReadAhead}; throws the line's failure, if any,
   * so the reader reconnects.
   */
  void awaitRoom() throws Exception {
    ahead.awaitRoom(WAIT);
  }

  /** Queues a fetched batch (after {@link #awaitRoom}); its UIDs were added to {@link #inFlight()} by the reader. */
  void acknowledgeAfterCommit(PendingBatch pending) {
    // The bodies are gone once every mail of the batch is committed (or failed): room for the next fetch.
    pending.commits().whenComplete((done, e) -> ahead.committed());
    waiting.add(pending);
    try {
      line.execute(this::acknowledgeReady);
    } catch (RejectedExecutionException e) {
      // closed: nothing is acknowledged; the next session reads it again
      if (waiting.remove(pending)) {
        ahead.acknowledged(1);
      }
    }
  }

  /** Queues a move of the position with nothing to acknowledge (after a read from scratch). */
  void advanceTo(long lastUid) throws Exception {
    awaitRoom();
    acknowledgeAfterCommit(new PendingBatch(lastUid, List.of(), List.of()));
  }

  /** Waits until every batch queued so far is acknowledged and its position saved; throws the line's failure. */
  void drain() throws Exception {
    draining = true; // nothing waits out the gap meanwhile
    try {
      line.execute(this::acknowledgeReady);
      Duration bound = WAIT.multipliedBy(3);
      ahead.awaitAllAcknowledged(bound);
      throwIfFailed();
    } finally {
      draining = false;
    }
  }

  /** Keeps the connection alive between batches (a NOOP on the line's thread). */
  void keepAlive() {
    try {
      line.execute(() -> {
        if (failure == null) {
          try {
            ledger.noop();
          } catch (Exception e) {
            fail(e);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("IMAP ack keep-alive after close");
    }
  }

  void throwIfFailed() throws Exception {
    Exception e = failure;
    if (e != null) {
      throw e;
    }
  }

  /**
   * Stops the line: a batch whose commits are being awaited is not acknowledged (the wait is interrupted),
   * nor is anything after it; a later session reads them again.
   */
  @Override
  public void close() {
    line.shutdownNow();
    try {
      if (!line.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("IMAP ack line did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Takes the oldest batch waiting, waits for its commits, joins the batches after it whose commits are
   * all done too (in read order, up to the first that is not, and up to {@value #JOIN_MAX} mails),
   * acknowledges them together and saves the position after them. A batch joined into an earlier turn
   * leaves its own turn with nothing to do.
   */
  private void acknowledgeReady() {
    PendingBatch first = waiting.peek();
    if (first == null) {
      return;
    }
    List<PendingBatch> group = new ArrayList<>();
    try {
      if (failure != null) {
        group.add(waiting.poll());
        return; // the line stopped: nothing more is acknowledged; the next session reads it again
      }
      ReaderThreadWait.await(first.commits(), WAIT, "the commit of " + first.taking().size() + " mail(s)");
      if (deferred()) {
        return;
      }
      group.add(waiting.poll());
      int mails = first.size();
      PendingBatch next;
      while ((next = waiting.peek()) != null && next.committed() && mails + next.size() <= JOIN_MAX) {
        group.add(waiting.poll());
        mails += next.size();
      }
      JoinedBatches joined = ledger.acknowledge(group);
      lastAcknowledged = System.nanoTime();
      ledger.savePositionPast(joined, WAIT);
      joined.throwRetry();
    } catch (Exception e) {
      fail(e);
    } finally {
      ahead.acknowledged(group.size());
      if (!group.isEmpty() && !waiting.isEmpty()) {
        // A batch's own turn may have been spent while it waited behind a deferred one: give it another.
        execute(this::acknowledgeReady);
      }
    }
  }

  /**
   * Whether the acknowledgement waits to join more batches: fewer than {@value #JOIN_MIN} mails are ready,
   * the last one was less than the gap ({@link #GAP}) ago, and the reader is not held up by it (the window has room,
   * no drain waits). Each command costs the server a walk over the folder, so a trickle of small batches
   * shares one command a second instead of taking one each. A turn is then scheduled for the gap's end.
   */
  private boolean deferred() {
    long left = lastAcknowledged + gapNanos - System.nanoTime();
    if (left <= 0 || draining || ahead.full()) {
      return false;
    }
    int mails = 0;
    for (PendingBatch p : waiting) {
      if (!p.committed()) {
        break;
      }
      mails += p.size();
      if (mails >= JOIN_MIN) {
        return false;
      }
    }
    if (deferred.compareAndSet(false, true)) {
      line.schedule(() -> {
        deferred.set(false);
        acknowledgeReady();
      }, left, TimeUnit.NANOSECONDS);
    }
    return true;
  }

  private void execute(Runnable turn) {
    try {
      line.execute(turn);
    } catch (RejectedExecutionException e) {
      log.debug("IMAP ack turn after close"); // the next session reads what is left
    }
  }

  private void fail(Exception e) {
    if (failure == null) {
      failure = e;
      onFailure.run();
    }
  }
}
