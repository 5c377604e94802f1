package dev.switchboard.core.logging;

import static java.util.Objects.requireNonNull;

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
 *
 * <p>What travels is the {@link LogKey}s, the only MDC entries the gateway writes, and only through this
 * class: a snapshot holds their values, not a copy of the MDC's map. A chat message is captured once or twice
 * on its way (the store's queue, the router's), and a map copy each time was a tenth of the event loops'
 * allocation and a fifth of the completion thread's; an empty context is one shared snapshot, and putting a
 * snapshot in place changes only the entries that differ from the thread's.
 */
public final class LogContext {

  private static final LogKey[] KEYS = LogKey.values();
  /** For a key that was absent: its scope removes it again, the same object every time. */
  private static final Scope[] REMOVE = new Scope[KEYS.length];
  private static final Scope NOTHING = () -> { };

  static {
    for (LogKey key : KEYS) {
      REMOVE[key.ordinal()] = () -> MDC.remove(key.mdcKey());
    }
  }

  private LogContext() {
  }

  /** Puts {@code key} to {@code value} until the returned scope closes, which puts back what was there. */
  public static Scope with(LogKey key, String value) {
    requireNonNull(key, "key");
    String previous = MDC.get(key.mdcKey());
    if (value == null) {
      if (previous == null) {
        return NOTHING;
      }
      MDC.remove(key.mdcKey());
    } else {
      MDC.put(key.mdcKey(), value);
    }
    if (previous == null) {
      return REMOVE[key.ordinal()];
    }
    return () -> MDC.put(key.mdcKey(), previous);
  }

  /** This thread's context as it is now, to carry with work that runs elsewhere. */
  public static Snapshot capture() {
    String[] values = null;
    for (LogKey key : KEYS) {
      String value = MDC.get(key.mdcKey());
      if (value != null) {
        if (values == null) {
          values = new String[KEYS.length];
        }
        values[key.ordinal()] = value;
      }
    }
    return values == null ? Snapshot.EMPTY : new Snapshot(values);
  }

  /**
   * Takes this thread's ids away; see {@link Snapshot#install}. The MDC's map itself stays (with no entry),
   * so a thread that clears after every batch does not make a new one for the next.
   */
  public static void clear() {
    Snapshot.EMPTY.install();
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

  /** The values of the {@link LogKey}s at one moment, immutable, put in place around work on another thread. */
  public static final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(new String[KEYS.length]);
    private static final Scope RESTORE_EMPTY = EMPTY::install;

    /** By {@link LogKey#ordinal()}; null where the key was absent. */
    private final String[] values;

    private Snapshot(String[] values) {
      this.values = values;
    }

    /** The value {@code key} had, or null. */
    String get(LogKey key) {
      return values[key.ordinal()];
    }

    /** Puts this context in place on the current thread until the scope closes, then restores the thread's own. */
    public Scope open() {
      Snapshot previous = capture();
      install();
      return previous == EMPTY ? RESTORE_EMPTY : previous::install;
    }

    /**
     * Puts this context in place on the current thread, replacing the one there, for a thread with no context
     * of its own that runs one piece of work after another (the store's writer and completion threads):
     * {@link #open} also captures the thread's context to put back, which such a thread does not need. Only
     * the keys whose value differs are written, so a run of work for the same channel rewrites one entry.
     * The thread clears it with {@link LogContext#clear} when done.
     */
    public void install() {
      for (LogKey key : KEYS) {
        String wanted = values[key.ordinal()];
        String current = MDC.get(key.mdcKey());
        if (wanted == null) {
          if (current != null) {
            MDC.remove(key.mdcKey());
          }
        } else if (!wanted.equals(current)) {
          MDC.put(key.mdcKey(), wanted);
        }
      }
    }

    /** {@code task}, running under this context. */
    public Runnable wrap(Runnable task) {
      requireNonNull(task, "task");
      return () -> {
        try (Scope ignored = open()) {
          task.run();
        }
      };
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
