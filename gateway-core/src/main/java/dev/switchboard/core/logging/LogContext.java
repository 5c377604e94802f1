package dev.switchboard.core.logging;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.slf4j.MDC;

/**
 * The conversation, agent and channel a thread is working for, kept in SLF4J's MDC so that every log line
 * written meanwhile names them. The MDC is per thread; work handed to another thread takes a {@link Snapshot}
 * of it along ({@link #propagating(ExecutorService)}, or {@link #capture()} where work is queued by hand, as
 * the store's writer does), which is put in place while the work runs and taken away afterwards, so a pooled
 * thread never keeps a previous task's ids.
 */
public final class LogContext {

  private LogContext() {
  }

  /** Puts {@code key} to {@code value} until the returned scope closes, which puts back what was there. */
  public static Scope with(LogKey key, String value) {
    requireNonNull(key, "key");
    String previous = MDC.get(key.mdcKey());
    if (value == null) {
      MDC.remove(key.mdcKey());
    } else {
      MDC.put(key.mdcKey(), value);
    }
    return () -> {
      if (previous == null) {
        MDC.remove(key.mdcKey());
      } else {
        MDC.put(key.mdcKey(), previous);
      }
    };
  }

  /** This thread's MDC as it is now, to carry with work that runs elsewhere. */
  public static Snapshot capture() {
    Map<String, String> copy = MDC.getCopyOfContextMap();
    return new Snapshot(copy == null || copy.isEmpty() ? null : copy);
  }

  /** Empties this thread's MDC; see {@link Snapshot#install}. */
  public static void clear() {
    MDC.clear();
  }

  /** {@code pool} with each task running under the MDC of the thread that submitted it. */
  public static ExecutorService propagating(ExecutorService pool) {
    return new Propagating(requireNonNull(pool, "pool"));
  }

  /** A scope that ends without a checked exception. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** A copy of an MDC, put in place around work on another thread. */
  public static final class Snapshot {
    private final Map<String, String> context;

    private Snapshot(Map<String, String> context) {
      this.context = context;
    }

    /** Puts this MDC in place on the current thread until the scope closes, then restores the thread's own. */
    public Scope open() {
      Map<String, String> previous = MDC.getCopyOfContextMap();
      replace(context);
      return () -> replace(previous);
    }

    /**
     * Puts this MDC in place on the current thread, replacing whatever is there, for a thread with no
     * MDC of its own that runs one piece of work after another (the store's writer and completion
     * threads): {@link #open} also copies the thread's MDC to put back, a copy per piece of work that
     * such a thread does not need. The thread clears it with {@link LogContext#clear} when done.
     */
    public void install() {
      replace(context);
    }

    /** {@code task}, running under this MDC. */
    public Runnable wrap(Runnable task) {
      requireNonNull(task, "task");
      return () -> {
        try (Scope ignored = open()) {
          task.run();
        }
      };
    }

    private static void replace(Map<String, String> context) {
      if (context == null || context.isEmpty()) {
        MDC.clear();
      } else {
        MDC.setContextMap(context);
      }
    }
  }

  /** Wraps each task at submission; everything else is the pool's own. */
  private static final class Propagating extends AbstractExecutorService {
    private final ExecutorService pool;

    Propagating(ExecutorService pool) {
      this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
      pool.execute(capture().wrap(task));
    }

    @Override
    public void shutdown() {
      pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return pool.awaitTermination(timeout, unit);
    }
  }
}
