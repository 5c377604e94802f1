package dev.switchboard.core.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How the {@link GroupCommitWriter} begins and ends the transaction of each batch, and on which connection:
 * on SQLite one connection the writer holds, each batch exactly {@code BEGIN IMMEDIATE … COMMIT}
 * ({@link SqliteWriteTransactions}); on PostgreSQL a pooled connection per batch with standard JDBC
 * transactions ({@link PooledWriteTransactions}). Used by the writer thread only.
 */
sealed interface WriteTransactions extends AutoCloseable
    permits SqliteWriteTransactions, PooledWriteTransactions {

  /** For {@code db}'s vendor; on SQLite with {@link WalCheckpoints} every {@code checkpointEvery}. */
  static WriteTransactions of(Database db, Duration checkpointEvery, MeterRegistry meters) {
    return switch (db.vendor()) {
      case SQLITE -> new SqliteWriteTransactions(db,
          new WalCheckpoints(db, checkpointEvery, WalCheckpoints.CATCH_UP_FRAMES, meters));
      case POSTGRESQL -> new PooledWriteTransactions(db);
    };
  }

  /** When a transaction's commit reaches the disk. */
  enum Sync {
    /** At its own commit: whatever is acknowledged from it (every write but a search index pass). */
    AT_COMMIT,
    /**
     * With the next commit that syncs: for derived data kept consistent with its source in the same
     * transaction (the search index and its queue), whose loss on a power failure or kernel crash only
     * leaves the work queued. On SQLite that transaction runs with {@code synchronous=NORMAL} (no fsync of the
     * WAL at its commit; the next {@code FULL} commit's fsync covers its frames, docs/storage.md); on
     * PostgreSQL every commit syncs (it has no such write: its search index is in the writing transaction).
     */
    WITH_NEXT_COMMIT
  }

  /**
   * Begins a transaction whose commit syncs as {@code sync} says and returns the connection it runs on.
   *
   * @throws NoConnection when no connection can be had (the database is gone: fail everything waiting)
   * @throws SQLException when the transaction could not begin on the connection had
   */
  Connection begin(Sync sync) throws NoConnection, SQLException;

  /** Commits the transaction begun last; on failure the writer calls {@link #rollback}. */
  void commit() throws SQLException;

  /**
   * Rolls back the transaction begun last, after {@code failure}; a failure of the rollback itself is added
   * to it as suppressed, and leaves the next {@link #begin} on a connection known to be clean.
   */
  void rollback(Throwable failure);

  /**
   * Between two batches, outside any transaction: the housekeeping the database wants of its writer, if any
   * (on SQLite the WAL checkpoint's catch-up, see {@link WalCheckpoints}). {@code idle}: no write waits.
   */
  default void betweenBatches(boolean idle) {}

  /** Lets go of the connection held, if any. */
  @Override
  void close();

  /** No connection could be had: every write of the batch fails the same way, without retries. */
  final class NoConnection extends Exception {
    private static final long serialVersionUID = 1L;

    NoConnection(SQLException cause) {
      super(cause);
    }

    /** The database's write connection, or this exception when none can be had. */
    static Connection writeConnectionOf(Database db) throws NoConnection {
      try {
        return db.writeConnection();
      } catch (SQLException e) {
        throw new NoConnection(e);
      }
    }
  }
}
