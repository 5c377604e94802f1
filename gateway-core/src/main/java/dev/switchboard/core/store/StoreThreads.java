package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.logging.LogContext;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the store's work runs: writes in the {@link GroupCommitWriter}'s batches, reads on a small pool of
 * reader threads, each read on a connection of its own. The store and all its views share one.
 */
final class StoreThreads implements JdbcDeliveries.Reads {

  private final Database db;
  private final GroupCommitWriter writer;
  private final ExecutorService readers;
  private final AtomicBoolean closed = new AtomicBoolean();

  StoreThreads(Database db, GroupCommitWriter writer) {
    this.db = requireNonNull(db, "db");
    this.writer = requireNonNull(writer, "writer");
    AtomicInteger n = new AtomicInteger();
    this.readers = LogContext.propagating(Executors.newFixedThreadPool(Math.max(1, db.readThreads()), r -> {
      Thread t = new Thread(r, "switchboard-store-read-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }));
  }

  GroupCommitWriter writer() {
    return writer;
  }

  Database.Vendor vendor() {
    return db.vendor();
  }

  /** Runs {@code work} in the writer's next batch. */
  <T> CompletableFuture<T> write(String name, Work<T> work) {
    return writer.submit(name, work);
  }

  /** Runs {@code work} on a reader thread with its own connection. */
  @Override
  public <T> CompletableFuture<T> read(Work<T> work) {
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      readers.execute(() -> {
        try (Connection c = db.readConnection()) {
          future.complete(work.run(c));
        } catch (Exception | Error e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new IllegalStateException("store is closed", e));
    }
    return future;
  }

  /**
   * {@link #read} with all of {@code work}'s statements in one read transaction on SQLite: one snapshot of
   * the WAL, so the reader's page cache is dropped at most once (a read transaction that finds another
   * connection's commit drops it) instead of once a statement, and the statements agree with each other.
   * On PostgreSQL as {@link #read} (no cache to keep; a transaction would cost two more round trips).
   */
  <T> CompletableFuture<T> readTogether(Work<T> work) {
    if (db.vendor() != Database.Vendor.SQLITE) {
      return read(work);
    }
    return read(c -> {
      c.setAutoCommit(false); // a deferred BEGIN on the readers' connections: the first SELECT opens the snapshot
      try {
        return work.run(c);
      } finally {
        c.setAutoCommit(true); // ends it: a read has nothing to commit or lose
      }
    });
  }

  /** Whether the writer and the readers can still do their work. */
  boolean ready() {
    return !closed.get() && writer.running() && db.ping();
  }

  /** Commits every queued write, then stops the threads and closes the connections (once). */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    writer.close();
    readers.shutdown();
    try {
      readers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      db.close();
    }
  }
}
