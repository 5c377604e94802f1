package dev.switchboard.bench.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** Starts {@code count} asynchronous operations with at most {@code inFlight} open at once. */
public final class Paced {

  private Paced() {}

  /** The results in index order; fails with the first failure, or when {@code timeout} passes. */
  public static <T> List<T> all(int count, int inFlight, Duration timeout, IntFunction<CompletableFuture<T>> start)
      throws Exception {
    Semaphore permits = new Semaphore(inFlight);
    long deadline = System.nanoTime() + timeout.toNanos();
    List<CompletableFuture<T>> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long left = deadline - System.nanoTime();
      if (!permits.tryAcquire(Math.max(0, left), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException("only " + i + " of " + count + " started within " + timeout);
      }
      CompletableFuture<T> f = start.apply(i);
      f.whenComplete((v, e) -> permits.release());
      futures.add(f);
      for (CompletableFuture<T> done : futures.subList(Math.max(0, futures.size() - inFlight - 1), futures.size())) {
        if (done.isCompletedExceptionally()) {
          done.join();
        }
      }
    }
    List<T> results = new ArrayList<>(count);
    for (CompletableFuture<T> f : futures) {
      long left = deadline - System.nanoTime();
      results.add(f.get(Math.max(1, left), TimeUnit.NANOSECONDS));
    }
    return results;
  }
}
