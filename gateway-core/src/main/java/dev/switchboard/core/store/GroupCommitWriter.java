package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.logging.LogContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes. Callers enqueue {@link Work}; the thread takes up to {@code maxBatch} of
 * them, waiting at most {@code maxBatchDelay} for company, runs them in one transaction and commits; only
 * then are the callers' futures completed, on a separate completion thread so that a caller's
 * continuation can never stall the writer. A failed batch is rolled back and its work re-run one by one,
 * each in its own transaction, so one bad operation fails alone. How a transaction begins and ends, and on
 * which connection, is {@link WriteTransactions}' (on SQLite: one held connection, {@code BEGIN IMMEDIATE
 * … COMMIT} and nothing more); between two batches the writer gives them a moment for the database's own
 * housekeeping (on SQLite the catch-up of the {@link WalCheckpoints}, which keep the WAL's checkpoints out of
 * the commits).
 *
 * <p>Work submitted {@link #submitAlone alone} (the search index's passes) gets a transaction of its own:
 * the writes queued before it commit without it, those queued after it in the next batch, so no
 * acknowledgement waits for its commit. They do wait while it runs, which is why its size is bounded; and
 * since nobody is acknowledged from it, it may leave its sync to the next commit
 * ({@link WriteTransactions.Sync#WITH_NEXT_COMMIT}), so that the writes behind it do not also wait for an
 * fsync of its own.
 *
 * <p>The writer also keeps {@link SenderThreads}, the ingests' memory of senders and threads, exact: it
 * forgets it before every write that does not tell it what it wrote ({@link SenderThreads.Exact}: the ingests,
 * the router's conversation saves, the search index's passes) and whenever a transaction rolls back.
 *
 * <p>The waiting writes and the wait for company are {@link WriteQueue}'s; the completion thread, which
 * runs in commit order so that events published from it keep that order, is {@link StoreCompletions}.
 */
final class GroupCommitWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  private final WriteTransactions transactions;
  private final int maxBatch;
  private final long maxBatchDelayNanos;
  private final Thread thread;
  private final WriteQueue queue;
  private final StoreCompletions completions;
  private final WriterMeters perBatch;
  private volatile boolean closing;
  private final BooleanSupplier closingNow = () -> closing;
  private final SenderThreads senders;

  GroupCommitWriter(Database db, int maxBatch, Duration maxBatchDelay, MeterRegistry meters) {
    this(db, maxBatch, maxBatchDelay, WalCheckpoints.EVERY, meters);
  }

  /** With SQLite's background WAL checkpoint every {@code checkpointEvery} (tests choose it). */
  GroupCommitWriter(Database db, int maxBatch, Duration maxBatchDelay, Duration checkpointEvery,
      MeterRegistry meters) {
    requireNonNull(db, "db");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch: " + maxBatch + " (expected: > 0)");
    }
    if (maxBatchDelay.isNegative()) {
      throw new IllegalArgumentException("maxBatchDelay: " + maxBatchDelay + " (expected: >= 0)");
    }
    this.transactions = WriteTransactions.of(db, checkpointEvery, meters);
    this.senders = db.vendor() == Database.Vendor.SQLITE ? SenderThreads.remembering() : SenderThreads.forgetful();
    this.maxBatch = maxBatch;
    this.maxBatchDelayNanos = maxBatchDelay.toNanos();
    this.perBatch = new WriterMeters(meters);
    this.completions = new StoreCompletions(meters);
    this.thread = new Thread(this::run, "switchboard-store-writer");
    thread.setDaemon(true);
    this.queue = new WriteQueue(thread);
    Gauge.builder("switchboard.store.queue.depth", queue, WriteQueue::size)
        .description("Write operations waiting for the writer")
        .register(meters);
    thread.start();
  }

  /** Queues {@code work}; the future completes after the transaction holding it has committed. */
  <T> CompletableFuture<T> submit(String name, Work<T> work) {
    return submit(name, work, null);
  }

  /**
   * {@link #submit(String, Work)}, and runs {@code afterCommit} on the completion thread once the
   * transaction holding the work committed, after the batch's futures: once per committed batch however
   * many of its operations passed the same (identical) runnable. The cluster's intake journal sends one
   * wake-up per batch this way. It must be quick; null for none.
   */
  <T> CompletableFuture<T> submit(String name, Work<T> work, Runnable afterCommit) {
    return submit(name, work, afterCommit, QueuedWrite.Batching.SHARED, WriteTransactions.Sync.AT_COMMIT);
  }

  /**
   * Queues {@code work} to run in a transaction of its own, in queue order: no other write shares its
   * commit. For long work nobody waits on (a search index pass), so that acknowledgements do not wait for it.
   * Its commit syncs as {@code sync} says: {@link WriteTransactions.Sync#WITH_NEXT_COMMIT} only for work
   * whose loss on a power failure loses nothing acknowledged.
   */
  <T> CompletableFuture<T> submitAlone(String name, Work<T> work, WriteTransactions.Sync sync) {
    return submit(name, work, null, QueuedWrite.Batching.ALONE, sync);
  }

  private <T> CompletableFuture<T> submit(String name, Work<T> work, Runnable afterCommit,
      QueuedWrite.Batching batching, WriteTransactions.Sync sync) {
    CompletableFuture<T> future = new CompletableFuture<>();
    if (closing) {
      future.completeExceptionally(new IllegalStateException("store is closed"));
      return future;
    }
    QueuedWrite<T> op = new QueuedWrite<>(name, work, future, afterCommit, LogContext.capture(), batching,
        sync, System.nanoTime());
    if (!queue.offer(op)) {
      future.completeExceptionally(new RejectedExecutionException(
          "store write queue full (" + WriteQueue.CAPACITY + " waiting); try again later"));
    } else if (closing && !thread.isAlive() && queue.remove(op)) {
      // Raced with close(): the writer is gone, so nobody would ever run it.
      future.completeExceptionally(new IllegalStateException("store is closed"));
    }
    return future;
  }

  private void run() {
    try {
      loop();
    } finally {
      transactions.close(); // on this thread, the only one that uses them
    }
  }

  private void loop() {
    List<QueuedWrite<?>> batch = new ArrayList<>(maxBatch);
    while (true) {
      try {
        QueuedWrite<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.fill(batch, maxBatch, maxBatchDelayNanos, closingNow);
        runBatch(batch);
        transactions.betweenBatches(queue.isEmpty());
      } catch (InterruptedException e) {
        // Only close() interrupts, and only after the queue is drained; keep draining to be safe.
        if (queue.isEmpty()) {
          return;
        }
      } catch (RuntimeException | Error e) {
        log.error("Store writer failed on a batch of {}", batch.size(), e);
        for (QueuedWrite<?> op : batch) {
          completions.fail(op, e);
        }
      } finally {
        batch.clear();
      }
    }
  }

  private void runBatch(List<QueuedWrite<?>> batch) {
    long start = System.nanoTime();
    perBatch.began(batch, start);
    try {
      List<Object> results = inTransaction(batch);
      long committed = System.nanoTime();
      perBatch.committed(batch, start, committed);
      completions.succeed(batch, results, committed);
    } catch (WriteTransactions.NoConnection e) {
      failAll(batch, 0, e.getCause());
    } catch (Exception batchFailure) {
      if (batch.size() == 1) {
        completions.fail(batch.get(0), batchFailure);
        return;
      }
      log.debug("Batch of {} failed, re-running one by one", batch.size(), batchFailure);
      for (int i = 0; i < batch.size(); i++) {
        QueuedWrite<?> op = batch.get(i);
        long one = System.nanoTime();
        try {
          Object result = inTransaction(List.of(op)).get(0);
          long committed = System.nanoTime();
          perBatch.committed(List.of(op), one, committed);
          completions.succeed(List.of(op), Collections.singletonList(result), committed);
        } catch (WriteTransactions.NoConnection e) {
          // The database went away: waiting for a connection once per write would stall everyone.
          failAll(batch, i, e.getCause());
          return;
        } catch (Exception e) {
          log.debug("Store write {} failed", op.name(), e);
          completions.fail(op, e);
        }
      }
    }
  }

  private void failAll(List<QueuedWrite<?>> batch, int from, Throwable cause) {
    log.warn("Store unavailable, failing {} writes: {}", batch.size() - from, cause.toString());
    for (int i = from; i < batch.size(); i++) {
      completions.fail(batch.get(i), cause);
    }
  }

  private List<Object> inTransaction(List<QueuedWrite<?>> ops) throws Exception {
    try {
      // A batch of more than one write shares its commit, so it syncs at it (QueuedWrite checks).
      Connection c = transactions.begin(ops.get(0).sync());
      senders.beginTransaction(c);
      List<Object> results = new ArrayList<>(ops.size());
      // This thread has no MDC of its own: each op's is put in place over the last, cleared at the end.
      for (QueuedWrite<?> op : ops) {
        op.mdc().install();
        if (!(op.work() instanceof SenderThreads.Exact)) {
          senders.forget();
        }
        results.add(op.work().run(c));
      }
      LogContext.clear();
      transactions.commit();
      return results;
    } catch (WriteTransactions.NoConnection e) {
      throw e;
    } catch (Exception | Error e) {
      LogContext.clear();
      senders.forget();
      transactions.rollback(e);
      throw e;
    }
  }

  /** How many writes wait for the writer now (the search indexer yields to them). */
  int waiting() {
    return queue.size();
  }

  /**
   * What the ingests on this writer remember of senders and their threads between transactions; only the
   * writer thread (inside its work) may use it. The writer forgets it before any work that is not
   * {@link SenderThreads.Exact} and on rollback.
   */
  SenderThreads senders() {
    return senders;
  }

  /** Whether the writer thread is running and taking work. */
  boolean running() {
    return !closing && thread.isAlive();
  }

  /** Stops taking work, commits everything already queued, then stops the threads. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
      if (thread.isAlive()) {
        log.warn("Store writer still busy after 30s; {} writes left unwritten", queue.size());
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (QueuedWrite<?> left; (left = queue.poll()) != null; ) {
      completions.fail(left, new IllegalStateException("store is closed"));
    }
    completions.close();
  }
}
