package dev.switchboard.core.incident;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Asynchronous work run one piece after another, in the order it was given, without holding a thread
 * while a piece waits for the store: each starts when the one before has completed, failed or not.
 */
final class SerialStages {

  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  /** Runs {@code work} after everything given before; its stage completes as the work's does. */
  synchronized <T> CompletionStage<T> then(Supplier<? extends CompletionStage<T>> work) {
    CompletableFuture<T> next = tail.handle((v, err) -> null).thenCompose(v -> work.get()).toCompletableFuture();
    tail = next;
    return next;
  }
}
