package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * PostgreSQL's writer transactions: a connection borrowed from the pool for each batch and returned after
 * it, with JDBC's own transactions (the driver sends {@code BEGIN} with the first statement and nothing
 * after the {@code COMMIT}). A connection the server dropped is the pool's to replace.
 */
final class PooledWriteTransactions implements WriteTransactions {

  private final Database db;
  private Connection current;

  PooledWriteTransactions(Database db) {
    this.db = requireNonNull(db, "db");
  }

  /** Every commit syncs here, whatever {@code sync} allows (no write asks otherwise on PostgreSQL). */
  @Override
  public Connection begin(Sync sync) throws NoConnection, SQLException {
    Connection c = NoConnection.writeConnectionOf(db);
    try {
      c.setAutoCommit(false);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    current = c;
    return c;
  }

  @Override
  public void commit() throws SQLException {
    current.commit();
    release(null);
  }

  @Override
  public void rollback(Throwable failure) {
    if (current == null) {
      return;
    }
    try {
      current.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
    release(failure);
  }

  private void release(Throwable failure) {
    Connection c = current;
    current = null;
    try (c) {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  @Override
  public void close() {
    if (current != null) {
      rollback(new SQLException("store writer closing"));
    }
  }
}
