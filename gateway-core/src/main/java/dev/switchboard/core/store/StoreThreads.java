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
