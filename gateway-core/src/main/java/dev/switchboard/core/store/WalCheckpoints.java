package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's WAL checkpoints, kept out of the store writer's commits. SQLite's own (automatic) checkpoint runs
 * inside the commit that crosses its page count, on the writer's thread: it copied every page the WAL held
 * into the database file and fsynced it while the writes behind that commit waited, 25–115 ms every ~2 s
 * at 1,000 chat messages a second on a busy machine, which is what the slowest 1 % of messages waited for
 * (docs/performance.md, issue #11). So the writer's connection never checkpoints by itself (its
 * {@code wal_autocheckpoint} is 0, see {@link Database#writeConnection}); instead:
 *
 * <ul>
 *   <li>every {@code every}, a {@code PASSIVE} checkpoint on a connection of this class's own thread copies
 *       the WAL's pages while the writer goes on committing (a passive checkpoint takes none of the writer's
 *       locks);
 *   <li>after a pass that found the WAL as long as SQLite's own checkpoint used to let it grow
 *       ({@link #CATCH_UP_FRAMES}), the writer is asked to {@link #catchUp} between two batches, at the first
 *       moment no write waits for it (or after {@link #CATCH_UP_PATIENCE} when writes never stop): a passive
 *       checkpoint on its own connection, which copies only the pages committed while the pass ran. Only then does
 *       the WAL hold nothing the database file lacks, which is what lets the writer's next transaction write
 *       the WAL again from its start; without it, a writer that never pauses would grow the WAL without
 *       bound, since a pass beside it never catches its last commits.
 * </ul>
 *
 * Durability is SQLite's either way: a commit is durable once its WAL frames are synced, whoever copies
 * them later. On PostgreSQL there is no such thing (not used).
 */
final class WalCheckpoints implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WalCheckpoints.class);

  /** How often the background pass runs in the gateway. */
  static final Duration EVERY = Duration.ofSeconds(1);
  /**
   * WAL frames (pages) a pass must find before it asks the writer to catch up: as many as SQLite's automatic
   * checkpoint let the WAL hold before, so the writer pauses for a catch-up no more often than it paused for
   * a whole checkpoint, and each pause is the catch-up's few pages instead of the WAL's thousands.
   */
  static final int CATCH_UP_FRAMES = 10_000;
  /** How long the writer, once asked, waits for a moment with no write waiting before it catches up anyway. */
  static final Duration CATCH_UP_PATIENCE = Duration.ofMillis(100);

  /** Which connection ran a checkpoint: the tag of {@code switchboard.store.checkpoint}. */
  enum Checkpointer {
    BACKGROUND, WRITER;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What {@code PRAGMA wal_checkpoint} answered: blocked, the WAL's frames, and how many are in the file. */
  record Outcome(boolean busy, int walFrames, int checkpointed) {}

  private final Database db;
  private final int catchUpFrames;
  private final ScheduledExecutorService thread;
  private final Timer background;
  private final Timer writer;
  /** The background thread's own connection, opened at its first pass (that thread's only). */
  private Connection own;
  /** A pass ended since the writer last caught up; {@link #askedAt} says when. */
  private volatile boolean asked;
  private volatile long askedAt;
  private volatile boolean closed;

  /** Passes every {@code every}; the writer asked to catch up once a pass finds {@code catchUpFrames}. */
  WalCheckpoints(Database db, Duration every, int catchUpFrames, MeterRegistry meters) {
    this.db = requireNonNull(db, "db");
    if (catchUpFrames < 1) {
      throw new IllegalArgumentException("catchUpFrames: " + catchUpFrames + " (expected: > 0)");
    }
    this.catchUpFrames = catchUpFrames;
    requireNonNull(every, "every");
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("every: " + every + " (expected: > 0)");
    }
    this.background = timer(meters, Checkpointer.BACKGROUND);
    this.writer = timer(meters, Checkpointer.WRITER);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-store-checkpoint");
      t.setDaemon(true);
      return t;
    });
    long nanos = every.toNanos();
    thread.scheduleWithFixedDelay(this::pass, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private static Timer timer(MeterRegistry meters, Checkpointer by) {
    return Timer.builder("switchboard.store.checkpoint")
        .description("Time of one passive WAL checkpoint: in the background, or the writer's catch-up between batches")
        .tag("checkpointer", by.tag())
        .register(meters);
  }

  /** One background pass; asks the writer to catch up when the WAL holds {@link #catchUpFrames}. */
  private void pass() {
    try {
      if (own == null || own.isClosed()) {
        own = db.writeConnection();
      }
      long start = System.nanoTime();
      Outcome outcome = checkpoint(own);
      long end = System.nanoTime();
      if (outcome.walFrames() >= catchUpFrames && !asked) {
        askedAt = end; // the writer's patience counts from the first ask it has not answered
        asked = true;
      }
      background.record(end - start, TimeUnit.NANOSECONDS);
    } catch (SQLException e) {
      if (!closed) {
        log.warn("WAL checkpoint failed; the next pass tries again: {}", e.toString());
      }
      closeOwn();
    }
  }

  /**
   * On the writer thread, between two batches, outside any transaction, on the writer's connection: the
   * catch-up a background pass asked for, if it did, once {@code idle} (no write waits) or after
   * {@link #CATCH_UP_PATIENCE}; if a pass holds the checkpoint lock just then, after the next batch. A failure
   * is logged, not thrown: the next pass asks again.
   */
  void catchUp(Connection writerConnection, boolean idle) {
    if (!asked || (!idle && System.nanoTime() - askedAt < CATCH_UP_PATIENCE.toNanos())) {
      return;
    }
    long start = System.nanoTime();
    try {
      if (!checkpoint(writerConnection).busy()) {
        asked = false;
        writer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      } // else a pass runs now (it holds the checkpoint lock): catch up after the next batch
    } catch (SQLException e) {
      asked = false;
      log.warn("The store writer's WAL checkpoint failed; the next pass asks again: {}", e.toString());
    }
  }

  /** A passive checkpoint on {@code c}, which is in no transaction. */
  static Outcome checkpoint(Connection c) throws SQLException {
    try (ResultSet rs = Statements.prepare(c, "PRAGMA wal_checkpoint(PASSIVE)").executeQuery()) {
      rs.next();
      return new Outcome(rs.getInt(1) != 0, rs.getInt(2), rs.getInt(3));
    }
  }

  /** Stops the passes (a running one first ends) and closes the background connection. */
  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("WAL checkpoint still running after 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeOwn();
  }

  private void closeOwn() {
    if (own == null) {
      return;
    }
    try {
      own.close();
    } catch (SQLException e) {
      log.debug("Closing the checkpoint connection failed: {}", e.toString());
    }
    own = null;
  }
}
