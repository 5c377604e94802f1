package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.logging.LogContext;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes. Callers enqueue {@link Work}; the thread takes up to {@code maxBatch} of
 * them, waiting at most {@code maxBatchDelay} for company, runs them in one transaction and commits; only
 * then are the callers' futures completed, on a separate completion thread so that a caller's
 * continuation can never stall the writer. A failed batch is rolled back and its work re-run one by one,
 * each in its own transaction, so one bad operation fails alone.
 *
 * <p>A committed batch is handed to the completion thread as one task, whatever its size.
 *
 * <p>Completions run on a single thread, in commit order: events published from them keep that order.
 */
final class GroupCommitWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int QUEUE_CAPACITY = 100_000;

  private final Database db;
  private final int maxBatch;
  private final long maxBatchDelayNanos;
  private final BlockingQueue<Op<?>> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread thread;
  private final ExecutorService completions;
  private final DistributionSummary batchSize;
  private final Timer commitLatency;
  private volatile boolean closing;
  /** While the writer waits for company: how many more writes fill its batch (0 otherwise). */
  private volatile int companyWanted;

  GroupCommitWriter(Database db, int maxBatch, Duration maxBatchDelay, MeterRegistry meters) {
    this.db = requireNonNull(db, "db");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch: " + maxBatch + " (expected: > 0)");
    }
    if (maxBatchDelay.isNegative()) {
      throw new IllegalArgumentException("maxBatchDelay: " + maxBatchDelay + " (expected: >= 0)");
    }
    this.maxBatch = maxBatch;
    this.maxBatchDelayNanos = maxBatchDelay.toNanos();
    this.batchSize = DistributionSummary.builder("switchboard.store.batch.size")
        .description("Write operations committed together in one transaction")
        .register(meters);
    // Buckets for a p99 alert (ops/prometheus/alerts.yml) and the dashboard's latency panel.
    this.commitLatency = Timer.builder("switchboard.store.commit.latency")
        .description("Time to run and commit one batch of writes")
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500))
        .register(meters);
    Gauge.builder("switchboard.store.queue.depth", queue, BlockingQueue::size)
        .description("Write operations waiting for the writer")
        .register(meters);
    this.completions = Executors.newSingleThreadExecutor(r -> daemon(r, "switchboard-store-complete"));
    this.thread = daemon(this::loop, "switchboard-store-writer");
    thread.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
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
    CompletableFuture<T> future = new CompletableFuture<>();
    if (closing) {
      future.completeExceptionally(new IllegalStateException("store is closed"));
      return future;
    }
    Op<T> op = new Op<>(name, work, future, afterCommit, LogContext.capture());
    boolean queued = queue.offer(op);
    int wanted = companyWanted;
    if (queued && wanted > 0 && queue.size() >= wanted) {
      LockSupport.unpark(thread); // a full batch waits: commit it now rather than at the delay's end
    }
    if (!queued) {
      future.completeExceptionally(new RejectedExecutionException(
          "store write queue full (" + QUEUE_CAPACITY + " waiting); try again later"));
    } else if (closing && !thread.isAlive() && queue.remove(op)) {
      // Raced with close(): the writer is gone, so nobody would ever run it.
      future.completeExceptionally(new IllegalStateException("store is closed"));
    }
    return future;
  }

  private void loop() {
    List<Op<?>> batch = new ArrayList<>(maxBatch);
    while (true) {
      try {
        Op<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.add(first);
        fill(batch);
        runBatch(batch);
      } catch (InterruptedException e) {
        // Only close() interrupts, and only after the queue is drained; keep draining to be safe.
        if (queue.isEmpty()) {
          return;
        }
      } catch (RuntimeException | Error e) {
        log.error("Store writer failed on a batch of {}", batch.size(), e);
        for (Op<?> op : batch) {
          op.failLater(e, completions);
        }
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Waits up to {@code maxBatchDelay} for company, or until the batch could be full. The wait is a park,
   * not the queue's {@code poll}: waiting in {@code poll}, every write queued meanwhile woke this thread
   * (the queue signals a waiting taker whenever it was empty), one futex call for the submitting event
   * loop and one wake-up here per write; {@link #submit} unparks only once a full batch is waiting.
   */
  private void fill(List<Op<?>> batch) throws InterruptedException {
    long deadline = System.nanoTime() + maxBatchDelayNanos;
    while (batch.size() < maxBatch) {
      if (queue.drainTo(batch, maxBatch - batch.size()) > 0) {
        continue;
      }
      long wait = deadline - System.nanoTime();
      if (wait <= 0 || closing) {
        return;
      }
      // Set before the last look at the queue, so a write queued after it sees what is wanted.
      companyWanted = maxBatch - batch.size();
      try {
        if (queue.isEmpty()) {
          LockSupport.parkNanos(this, wait);
        }
      } finally {
        companyWanted = 0;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException(); // as the poll it replaces would: only close() interrupts
      }
    }
  }

  private void runBatch(List<Op<?>> batch) {
    long start = System.nanoTime();
    try {
      List<Object> results = inTransaction(batch);
      commitLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      batchSize.record(batch.size());
      succeedLater(batch, results);
    } catch (NoConnection e) {
      failAll(batch, 0, e.getCause());
    } catch (Exception batchFailure) {
      if (batch.size() == 1) {
        batch.get(0).failLater(batchFailure, completions);
        return;
      }
      log.debug("Batch of {} failed, re-running one by one", batch.size(), batchFailure);
      for (int i = 0; i < batch.size(); i++) {
        Op<?> op = batch.get(i);
        long one = System.nanoTime();
        try {
          Object result = inTransaction(List.of(op)).get(0);
          commitLatency.record(System.nanoTime() - one, TimeUnit.NANOSECONDS);
          batchSize.record(1);
          succeedLater(List.of(op), Collections.singletonList(result));
        } catch (NoConnection e) {
          // The database went away: waiting for a connection once per write would stall everyone.
          failAll(batch, i, e.getCause());
          return;
        } catch (Exception e) {
          log.debug("Store write {} failed", op.name(), e);
          op.failLater(e, completions);
        }
      }
    }
  }

  /**
   * Completes a committed batch's futures with one task on the completion thread, in batch order: one
   * hand-over per commit rather than one per write.
   */
  private void succeedLater(List<Op<?>> batch, List<Object> results) {
    Op<?>[] ops = batch.toArray(new Op<?>[0]);
    Set<Runnable> afterCommit = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Op<?> op : ops) {
      if (op.afterCommit() != null) {
        afterCommit.add(op.afterCommit());
      }
    }
    completions.execute(() -> {
      try {
        for (int i = 0; i < ops.length; i++) {
          ops[i].succeed(results.get(i));
        }
      } finally {
        LogContext.clear();
      }
      for (Runnable r : afterCommit) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.error("After-commit hook failed", e);
        }
      }
    });
  }

  private void failAll(List<Op<?>> batch, int from, Throwable cause) {
    log.warn("Store unavailable, failing {} writes: {}", batch.size() - from, cause.toString());
    for (int i = from; i < batch.size(); i++) {
      batch.get(i).failLater(cause, completions);
    }
  }

  private List<Object> inTransaction(List<Op<?>> ops) throws Exception {
    Connection connection;
    try {
      connection = db.writeConnection();
    } catch (SQLException e) {
      throw new NoConnection(e);
    }
    try (Connection c = connection) {
      c.setAutoCommit(false);
      try {
        List<Object> results = new ArrayList<>(ops.size());
        // This thread has no MDC of its own: each op's is put in place over the last, cleared at the end.
        for (Op<?> op : ops) {
          op.mdc.install();
          results.add(op.work.run(c));
        }
        LogContext.clear();
        c.commit();
        return results;
      } catch (Exception | Error e) {
        LogContext.clear();
        try {
          c.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
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
    for (Op<?> left; (left = queue.poll()) != null; ) {
      left.failLater(new IllegalStateException("store is closed"), completions);
    }
    completions.shutdown();
    try {
      if (!completions.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Store completions still running after 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** No connection could be had: every write of the batch fails the same way, without retries. */
  private static final class NoConnection extends Exception {
    private static final long serialVersionUID = 1L;

    NoConnection(SQLException cause) {
      super(cause);
    }
  }

  /** One write; {@code mdc} is its caller's, in place while it runs and while its future completes. */
  private record Op<T>(String name, Work<T> work, CompletableFuture<T> future, Runnable afterCommit,
      LogContext.Snapshot mdc) {

    /** On the completion thread, which has no MDC of its own: the caller clears it after the batch. */
    @SuppressWarnings("unchecked")
    void succeed(Object result) {
      mdc.install();
      future.complete((T) result);
    }

    void failLater(Throwable error, ExecutorService executor) {
      executor.execute(mdc.wrap(() -> future.completeExceptionally(error)));
    }
  }
}
