package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges the reader's batches after their commits, in the order they were fetched, on a thread and
 * an IMAP connection of its own, so the reader lists and fetches the next mails while the last ones are
 * committed and flagged (the flag was the slowest command of a pass, and it had to wait for the commit).
 * After each batch it saves the position: the saved position never passes a mail that is not yet
 * committed and acknowledged, so a restart reads such a mail again and the store recognizes it by its
 * Message-ID. Nothing is acknowledged before its commit.
 *
 * <p>The UIDs of the batches on their way (fetched, not yet acknowledged) are {@link #inFlight()}: the
 * reader's next pass leaves them alone, though they are still unseen. At most {@value #WINDOW} batches
 * are on their way at once. The first failure worth a reconnect stops the line: what follows it is not
 * acknowledged, {@code onFailure} ends the session, and the reconnect reads it again.
 */
final class AckPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AckPipeline.class);
  /** A mail that makes the reader fail this often is moved to the error folder instead of blocking the box. */
  private static final int MAX_ATTEMPTS = 3;
  /** Batches fetched and not yet acknowledged, at most: bounds the bodies held in memory. */
  static final int WINDOW = 3;
  /** How long a batch's commits (each bounded at 30 s by the intake) and a position's save are awaited. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** A batch whose bodies are fetched and on their way into the store; {@code highest} is where it moves the position. */
  record Pending(long highest, List<ParallelIntake.Refused> refused,
      List<CompletableFuture<ParallelIntake.Result>> taking) {}

  private final MailboxAcks acks;
  private final MailboxCursor cursor;
  private final MailIntake counting;
  private final Map<Long, Integer> attempts;
  private final Runnable onFailure;
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final Semaphore window = new Semaphore(WINDOW);
  private final ExecutorService line;
  private volatile MailboxCursor.Position position;
  private volatile Exception failure;

  AckPipeline(MailboxAcks acks, MailboxCursor cursor, MailboxCursor.Position position, MailIntake counting,
      Map<Long, Integer> attempts, Runnable onFailure) {
    this.acks = requireNonNull(acks, "acks");
    this.cursor = requireNonNull(cursor, "cursor");
    this.position = requireNonNull(position, "position");
    this.counting = requireNonNull(counting, "counting");
    this.attempts = requireNonNull(attempts, "attempts");
    this.onFailure = requireNonNull(onFailure, "onFailure");
    this.line = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "switchboard-email-imap-ack");
      t.setDaemon(true);
      return t;
    });
  }

  /** UIDs fetched and not yet acknowledged (nor set aside). */
  Set<Long> inFlight() {
    return inFlight;
  }

  /** Whether acknowledged mail leaves the folder rather than being flagged. */
  boolean moves() {
    return acks.moves();
  }

  /** The position saved last. */
  MailboxCursor.Position position() {
    return position;
  }

  /**
   * Waits (bounded) for room in the window, so the reader fetches at most {@value #WINDOW} batches ahead;
   * throws the line's failure, if any, so the reader reconnects.
   */
  void awaitRoom() throws Exception {
    throwIfFailed();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
      throwIfFailed();
      if (System.nanoTime() > deadline) {
        throw new MailIntake.StoreUnavailableException("no batch was acknowledged within " + WAIT, null);
      }
    }
  }

  /** Queues a fetched batch (after {@link #awaitRoom}); its UIDs were added to {@link #inFlight()} by the reader. */
  void acknowledgeAfterCommit(Pending pending) {
    try {
      line.execute(() -> finish(pending));
    } catch (RejectedExecutionException e) {
      window.release(); // closed: nothing is acknowledged; the next session reads it again
    }
  }

  /** Queues a move of the position with nothing to acknowledge (after a read from scratch). */
  void advanceTo(long lastUid) throws Exception {
    awaitRoom();
    acknowledgeAfterCommit(new Pending(lastUid, List.of(), List.of()));
  }

  /** Waits until every batch queued so far is acknowledged and its position saved; throws the line's failure. */
  void drain() throws Exception {
    if (!window.tryAcquire(WINDOW, WAIT.toMillis() * WINDOW, TimeUnit.MILLISECONDS)) {
      throwIfFailed();
      throw new MailIntake.StoreUnavailableException("the batches were not acknowledged within " + WAIT, null);
    }
    window.release(WINDOW);
    throwIfFailed();
  }

  /** Keeps the connection alive between batches (a NOOP on the line's thread). */
  void keepAlive() {
    try {
      line.execute(() -> {
        if (failure == null) {
          try {
            acks.noop();
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

  private void finish(Pending pending) {
    try {
      if (failure == null) {
        acknowledge(pending);
        if (pending.highest() > position.lastUid()) {
          MailboxCursor.Position next = new MailboxCursor.Position(position.uidValidity(), pending.highest());
          ReaderThreadWait.await(cursor.save(next), WAIT, "saving the mailbox position");
          position = next;
        }
      }
    } catch (Exception e) {
      fail(e);
    } finally {
      window.release();
    }
  }

  private void fail(Exception e) {
    if (failure == null) {
      failure = e;
      onFailure.run();
    }
  }

  /**
   * Waits for a batch's commits, then acknowledges it. Every mail committed or refused is acknowledged
   * even when another failed; then the first failure worth a retry is thrown (the session reconnects and
   * reads the batch again; what it stored already comes back as a duplicate).
   */
  private void acknowledge(Pending pending) throws Exception {
    List<CompletableFuture<ParallelIntake.Result>> taking = pending.taking();
    List<ParallelIntake.Refused> refused = new ArrayList<>(pending.refused());
    ReaderThreadWait.await(CompletableFuture.allOf(taking.toArray(CompletableFuture[]::new)), WAIT,
        "the commit of " + taking.size() + " mail(s)");
    List<Long> taken = new ArrayList<>();
    List<Long> again = new ArrayList<>();
    Exception retry = null;
    for (CompletableFuture<ParallelIntake.Result> f : taking) {
      ParallelIntake.Result result = f.join(); // done: awaited above, and never failed
      if (result instanceof ParallelIntake.Taken t) {
        taken.add(t.uid());
      } else if (result instanceof ParallelIntake.Refused r) {
        refused.add(r);
      } else if (result instanceof ParallelIntake.Failed failed) {
        ParallelIntake.Refused aside = failed(failed);
        if (aside != null) {
          refused.add(aside);
        } else {
          again.add(failed.uid());
          if (retry == null && failed.retryable()) {
            retry = failed.cause() instanceof Exception e ? e : new MailIntake.StoreUnavailableException(
                failed.cause().toString(), failed.cause());
          }
        }
      }
    }
    acks.acknowledge(uids(taken));
    if (!refused.isEmpty()) {
      String where = acks.refuse(uids(refused.stream().map(ParallelIntake.Refused::uid).toList()));
      for (ParallelIntake.Refused r : refused) {
        log.warn("IMAP mail UID {} refused ({}: {}); {}", r.uid(), r.reason().code(), r.message(), where);
      }
    }
    taken.forEach(uid -> {
      attempts.remove(uid);
      inFlight.remove(uid);
    });
    refused.forEach(r -> {
      attempts.remove(r.uid());
      inFlight.remove(r.uid());
    });
    again.forEach(inFlight::remove); // still unseen: a later pass reads it again from the window
    if (retry != null) {
      throw retry;
    }
  }

  /** A mail that failed: set aside now (an Error, or the last attempt), or null to read it again later. */
  private ParallelIntake.Refused failed(ParallelIntake.Failed failed) {
    long uid = failed.uid();
    if (failed.error()) {
      // One mail must not end the reader: an Error (out of memory on a hostile mail, say) is not retried,
      // the mail goes aside at once and the reader carries on with the next.
      log.error("IMAP mail UID {} made the reader fail with {}; moving it aside", uid, failed.cause().toString());
      return readerFailed(uid, "the reader failed on it: " + failed.cause());
    }
    if (failed.retryable()) {
      return null;
    }
    int n = attempts.merge(uid, 1, Integer::sum);
    if (n < MAX_ATTEMPTS) {
      log.warn("IMAP mail UID {} failed (attempt {} of {}): {}", uid, n, MAX_ATTEMPTS, failed.cause().toString());
      return null;
    }
    log.error("IMAP mail UID {} failed {} times; moving it aside", uid, n, failed.cause());
    return readerFailed(uid, "the reader failed on it " + n + " times: " + failed.cause());
  }

  private ParallelIntake.Refused readerFailed(long uid, String message) {
    counting.countRefusal("imap", Refusal.READER_FAILED);
    return new ParallelIntake.Refused(uid, Refusal.READER_FAILED, message);
  }

  private static long[] uids(List<Long> uids) {
    return uids.stream().mapToLong(Long::longValue).toArray();
  }
}
