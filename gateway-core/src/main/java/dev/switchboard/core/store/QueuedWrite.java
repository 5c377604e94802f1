package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.logging.LogContext;
import java.util.concurrent.CompletableFuture;

/**
 * One write waiting for the {@link GroupCommitWriter}: its work, the future its caller holds, an optional
 * hook to run once its batch committed, its caller's MDC, in place while the work runs and while the
 * future completes, whether it may share its transaction, when that transaction's commit syncs (a write
 * alone may leave it to the next commit; one that shares its transaction never does), and when it was queued ({@link System#nanoTime}),
 * for the time it waits for the writer.
 */
record QueuedWrite<T>(String name, Work<T> work, CompletableFuture<T> future, Runnable afterCommit,
    LogContext.Snapshot mdc, Batching batching, WriteTransactions.Sync sync, long queuedAt) {

  /** Whether a write may share its transaction (and commit) with others. */
  enum Batching {
    /** Committed with whatever else is waiting, up to the batch's size. */
    SHARED,
    /** In a transaction of its own. */
    ALONE
  }

  QueuedWrite {
    requireNonNull(name, "name");
    requireNonNull(work, "work");
    requireNonNull(future, "future");
    requireNonNull(mdc, "mdc");
    requireNonNull(batching, "batching");
    requireNonNull(sync, "sync");
    if (batching == Batching.SHARED && sync != WriteTransactions.Sync.AT_COMMIT) {
      throw new IllegalArgumentException("a write that shares its commit syncs at it: " + name);
    }
  }

  boolean alone() {
    return batching == Batching.ALONE;
  }

  /** On the completion thread, which has no MDC of its own: the caller clears it after the batch. */
  @SuppressWarnings("unchecked")
  void succeed(Object result) {
    mdc.install();
    future.complete((T) result);
  }

  /** On the completion thread, under the caller's MDC. */
  void fail(Throwable error) {
    mdc.wrap(() -> future.completeExceptionally(error)).run();
  }
}
