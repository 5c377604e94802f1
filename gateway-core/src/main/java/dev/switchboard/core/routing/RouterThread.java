package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBatch;
import dev.switchboard.core.logging.LogContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's one thread: takes messages from its {@link Mailbox} (commands first), runs each, then
 * {@code afterEach} (the router saves and hands on what the message changed), and only then completes
 * the caller's future, so a caller sees the effects of its own message.
 */
final class RouterThread implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RouterThread.class);

  private final Mailbox mailbox = new Mailbox();
  private final Runnable afterEach;
  /** {@code afterEach} after a run of {@link #workInRun} items, its failure logged as a message's is. */
  private final Runnable afterRun;
  /** One instance, so that an {@link EventBatch} releases the work lane once however many items it queued. */
  private final Runnable releaseWork;
  private final Thread thread;
  private final AtomicBoolean tickPending = new AtomicBoolean();
  private ScheduledExecutorService ticker;

  RouterThread(Runnable afterEach) {
    this.afterEach = requireNonNull(afterEach, "afterEach");
    this.afterRun = () -> {
      try {
        afterEach.run();
      } catch (RuntimeException e) {
        log.error("Router command failed", e);
      }
    };
    this.releaseWork = mailbox::releaseWork;
    this.thread = new Thread(this::loop, "switchboard-router");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** An agent's command (or a tick): runs before any work waiting in the mailbox. */
  <T> CompletionStage<T> command(Supplier<T> s) {
    return submit(s, true);
  }

  /** Arrivals, restores, admin reads and reloads: after every waiting command. */
  <T> CompletionStage<T> work(Supplier<T> s) {
    return submit(s, false);
  }

  /**
   * Work that needs no answer and may share its step with like work queued right before it
   * ({@link Mailbox#workInRun}): a run of them is one wake-up of this thread and one {@code afterEach}.
   * Queued while its thread publishes an {@link EventBatch}, the work lane is held until the batch ends,
   * so all of the batch's items are one run even when this thread is idle and would take the first at
   * once. Each runs under its sender's MDC; one that fails is logged and the run goes on. After
   * {@link #close} it is dropped, as {@link #work}'s refused future is when nobody reads it.
   */
  void workInRun(Runnable item) {
    Runnable logged = LogContext.capture().wrap(() -> {
      try {
        item.run();
      } catch (RuntimeException e) {
        log.error("Router work failed", e);
      }
    });
    if (EventBatch.atEndOnce(releaseWork)) {
      mailbox.holdWork();
    }
    try {
      mailbox.workInRun(logged, afterRun);
    } catch (RejectedExecutionException e) {
      log.debug("Router closed; work dropped");
    }
  }

  /** Runs {@code tick} as a command every {@code interval}; a slow router gets one waiting tick, not a pile. */
  void tickEvery(Duration interval, Runnable tick) {
    long ms = Math.max(10, interval.toMillis());
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-router-ticker");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(() -> {
      if (tickPending.compareAndSet(false, true)) {
        command(() -> {
          tickPending.set(false);
          tick.run();
          return null;
        }).exceptionally(e -> {
          tickPending.set(false);
          return null;
        });
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The mailbox, for tests that hold the thread to check which lane goes first. */
  Mailbox mailbox() {
    return mailbox;
  }

  private <T> CompletionStage<T> submit(Supplier<T> s, boolean command) {
    CompletableFuture<T> f = new CompletableFuture<>();
    // The router logs and saves on behalf of the desk or the ingest that sent the message.
    Runnable message = LogContext.capture().wrap(() -> {
      try {
        T v = s.get();
        afterEach.run();
        f.complete(v);
      } catch (RuntimeException e) {
        log.error("Router command failed", e);
        f.completeExceptionally(e);
      }
    });
    try {
      if (command) {
        mailbox.command(message);
      } else {
        mailbox.work(message);
      }
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  private void loop() {
    try {
      for (Runnable r = mailbox.take(); r != null; r = mailbox.take()) {
        r.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the ticks, refuses new messages, runs those already in, and waits up to 5 s for the thread. */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    mailbox.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
