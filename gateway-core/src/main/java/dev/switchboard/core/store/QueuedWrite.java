package dev.switchboard.core.store;

import dev.switchboard.core.logging.LogContext;
import java.util.concurrent.CompletableFuture;

/**
 * One write waiting for the {@link GroupCommitWriter}: its work, the future its caller holds, an optional
 * hook to run once its batch committed, and its caller's MDC, in place while the work runs and while the
 * future completes.
 */
record QueuedWrite<T>(String name, Work<T> work, CompletableFuture<T> future, Runnable afterCommit,
    LogContext.Snapshot mdc) {

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
