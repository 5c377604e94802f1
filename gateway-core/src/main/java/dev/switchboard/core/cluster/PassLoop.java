package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of a leader's periodic job (follow-ups, CSAT asks, chat continuity): a pass every {@code every} on
 * a daemon thread of its own, never two passes at once, a pass that handled a full batch followed by another
 * at once, and a failed pass logged and tried again at the next tick. A pass completes with how many items
 * it handled; it must not block its thread.
 */
public final class PassLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PassLoop.class);

  private final String what;
  private final Duration every;
  private final int batch;
  private final Supplier<CompletionStage<Integer>> pass;
  private final AtomicBoolean running = new AtomicBoolean();
  private final ScheduledExecutorService ticker;

  private PassLoop(String what, Duration every, int batch, Supplier<CompletionStage<Integer>> pass) {
    this.what = requireNonNull(what, "what");
    this.every = requireNonNull(every, "every");
    this.batch = batch;
    this.pass = requireNonNull(pass, "pass");
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-" + what.replace(' ', '-'));
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts running {@code pass} now and every {@code every}; {@code what} names it in logs and its thread. */
  public static PassLoop start(String what, Duration every, int batch, Supplier<CompletionStage<Integer>> pass) {
    PassLoop loop = new PassLoop(what, every, batch, pass);
    loop.ticker.scheduleWithFixedDelay(loop::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return loop;
  }

  /** Runs {@code step} over {@code items} one after another; completes with how many there were. */
  public static <T> CompletionStage<Integer> oneByOne(List<T> items, Function<T, CompletionStage<Void>> step) {
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (T item : items) {
      chain = chain.thenCompose(v -> step.apply(item));
    }
    return chain.thenApply(v -> items.size());
  }

  private void tick() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    CompletionStage<Integer> current;
    try {
      current = pass.get();
    } catch (RuntimeException e) {
      current = CompletableFuture.failedFuture(e); // a throw here would end the schedule silently
    }
    current.whenComplete((handled, err) -> {
      running.set(false);
      if (err != null) {
        log.warn("{} pass failed; trying again in {} ms: {}", what, every.toMillis(), err.toString());
      } else if (handled == batch && !ticker.isShutdown()) {
        ticker.execute(this::tick); // more are due: go on at once
      }
    });
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
