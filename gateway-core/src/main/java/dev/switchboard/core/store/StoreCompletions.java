package dev.switchboard.core.store;

import dev.switchboard.core.event.EventBatch;
import dev.switchboard.core.logging.LogContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GroupCommitWriter}'s completion thread: the callers' futures complete here, never on the
 * writer, so that a caller's continuation can never stall the writes behind it. One thread, so completions
 * (and the events they publish) keep commit order; a committed batch is one task, whatever its size, and
 * one {@link EventBatch}, so that the router hears its messages as one run with one wake-up.
 */
final class StoreCompletions {

  private static final Logger log = LoggerFactory.getLogger(StoreCompletions.class);

  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "switchboard-store-complete");
    t.setDaemon(true);
    return t;
  });

  private final Timer delay;
  private final Timer run;

  StoreCompletions(MeterRegistry meters) {
    this.delay = Timer.builder("switchboard.store.completion.delay")
        .description("Time from a batch's commit until the completion thread began to complete its futures")
        .register(meters);
    this.run = Timer.builder("switchboard.store.completion.run")
        .description("Time the completion thread spent on one committed batch: its futures' continuations and hooks")
        .register(meters);
  }

  /**
   * Completes a committed batch's futures with its results, in batch order and inside one
   * {@link EventBatch}, then runs each distinct (by identity) after-commit hook of the batch once.
   * {@code committedAt} is the commit's {@link System#nanoTime}.
   */
  void succeed(List<QueuedWrite<?>> batch, List<Object> results, long committedAt) {
    QueuedWrite<?>[] writes = batch.toArray(new QueuedWrite<?>[0]);
    // Most batches have no hook (only the cluster's journal passes one): no set to build for them.
    Set<Runnable> afterCommit = Set.of();
    for (QueuedWrite<?> w : writes) {
      if (w.afterCommit() != null) {
        if (afterCommit.isEmpty()) {
          afterCommit = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        afterCommit.add(w.afterCommit());
      }
    }
    Set<Runnable> hooks = afterCommit;
    thread.execute(() -> {
      long start = System.nanoTime();
      delay.record(start - committedAt, TimeUnit.NANOSECONDS);
      // One batch of events: what the futures' continuations publish wakes each listener's thread once.
      EventBatch.run(() -> {
        try {
          for (int i = 0; i < writes.length; i++) {
            writes[i].succeed(results.get(i));
          }
        } finally {
          LogContext.clear();
        }
      });
      for (Runnable r : hooks) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.error("After-commit hook failed", e);
        }
      }
      run.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    });
  }

  /** Fails one write's future with {@code error}. */
  void fail(QueuedWrite<?> write, Throwable error) {
    thread.execute(() -> write.fail(error));
  }

  /** Runs what is queued, then stops the thread. */
  void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Store completions still running after 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
