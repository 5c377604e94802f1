package dev.switchboard.core.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounded waits on the gateway's futures in tests: a future that never completes fails its test with a message
 * saying so, instead of holding the whole CI run until surefire's own timeout.
 */
public final class Futures {

  /** Long enough for one store, router or socket operation on a loaded CI machine; a hung one fails after it. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private Futures() {}

  /**
   * The stage's value, waiting at most {@link #WAIT}. A stage that failed throws a {@link CompletionException}
   * with the failure as its cause (as {@code join()} would); one still pending after the wait fails the test.
   */
  public static <T> T await(CompletionStage<T> stage) {
    return await(stage, WAIT);
  }

  /** As {@link #await(CompletionStage)}, waiting at most {@code within}. */
  public static <T> T await(CompletionStage<T> stage, Duration within) {
    requireNonNull(stage, "stage");
    requireNonNull(within, "within");
    try {
      return stage.toCompletableFuture().get(within.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the future did not complete within " + within + ": " + stage, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting on " + stage, e);
    }
  }
}
