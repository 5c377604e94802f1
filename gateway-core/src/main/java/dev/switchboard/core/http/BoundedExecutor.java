package dev.switchboard.core.http;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.logging.LogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small named pool for blocking work that is not ours (Twilio media downloads, SMTP, parsing a large
 * mail), so that it never runs on an event loop, a store thread or the handlers' pool. Its threads are
 * named {@code sb-<name>-N}; its queue is bounded, and a full queue refuses the task with
 * {@link HttpException} 503 {@code overloaded}, counted in {@code switchboard.executor.rejected{executor}}.
 * Used as the executor of {@code thenApplyAsync}, a refusal fails that stage, which the transport answers.
 */
public final class BoundedExecutor implements Executor, AutoCloseable {

  private final String name;
  private final ThreadPoolExecutor pool;
  private final Counter rejected;

  public BoundedExecutor(String name, int threads, int queue, MeterRegistry meters) {
    requireNonNull(name, "name");
    requireNonNull(meters, "meters");
    if (threads <= 0) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
    }
    if (queue <= 0) {
      throw new IllegalArgumentException("queue: " + queue + " (expected: > 0)");
    }
    this.name = name;
    this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
        namedDaemons("sb-" + name + "-"));
    this.pool.allowCoreThreadTimeOut(true);
    this.rejected = Counter.builder("switchboard.executor.rejected")
        .description("Tasks refused because an executor's queue was full")
        .tag("executor", name)
        .register(meters);
  }

  @Override
  public void execute(Runnable task) {
    try {
      pool.execute(LogContext.capture().wrap(task));
    } catch (RejectedExecutionException e) {
      rejected.increment();
      throw new HttpException(503, "overloaded", "The gateway is busy (" + name + "); try again shortly.");
    }
  }

  /** Stops taking tasks; running and queued ones finish. */
  @Override
  public void close() {
    pool.shutdown();
  }

  private static ThreadFactory namedDaemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
