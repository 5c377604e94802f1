package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's writer transactions: one connection, held from batch to batch (opened at the first, again after
 * one broke), and each batch exactly {@code BEGIN IMMEDIATE}, its writes, {@code COMMIT}, run as kept
 * statements.
 *
 * <p>Why not JDBC's own transactions: sqlite-jdbc (3.51) runs {@code commit;} and then at once
 * {@code begin immediate;} on {@code Connection.commit()} while autocommit is off, and {@code commit;} again on
 * {@code setAutoCommit(true)}, so each batch also paid an empty {@code BEGIN IMMEDIATE}/{@code COMMIT} (four
 * more {@code fcntl} lock calls of the WAL's shared memory) besides the pool's borrow and return. With
 * autocommit on, the driver instead tries a {@code begin;} after every statement (to commit what an
 * autocommit statement left open), a failed step per statement inside our transaction. So the connection
 * stays in JDBC's autocommit-off mode, where the driver adds nothing to a statement, and the transaction
 * is begun and ended by these statements only; nothing but the writer thread runs on it.
 *
 * <p>A transaction begun {@link Sync#WITH_NEXT_COMMIT} (a search index pass) runs with {@code PRAGMA
 * synchronous = NORMAL}, set before its {@code BEGIN} (SQLite refuses to change it inside a transaction) and
 * set back to {@link Database#SYNCHRONOUS} after its {@code COMMIT} or {@code ROLLBACK}; if that fails, the
 * connection is closed and the next batch opens one with the configured level. Why that loses nothing
 * acknowledged: docs/storage.md, "The search index's commits".
 *
 * <p>Its commits never checkpoint the WAL: {@link WalCheckpoints} does, beside the writer, and the writer only
 * {@linkplain #betweenBatches catches up} on what the last pass missed.
 */
final class SqliteWriteTransactions implements WriteTransactions {

  private static final Logger log = LoggerFactory.getLogger(SqliteWriteTransactions.class);

  private final Database db;
  private final WalCheckpoints checkpoints;
  private Connection held;
  /** The transaction begun last runs with {@code synchronous = NORMAL}, to be set back once it ends. */
  private boolean relaxed;

  SqliteWriteTransactions(Database db, WalCheckpoints checkpoints) {
    this.db = requireNonNull(db, "db");
    this.checkpoints = requireNonNull(checkpoints, "checkpoints");
  }

  @Override
  public Connection begin(Sync sync) throws NoConnection, SQLException {
    if (held == null || held.isClosed()) {
      held = open();
    }
    if (sync == Sync.WITH_NEXT_COMMIT) {
      relaxed = true; // before the pragma: whatever fails from here, commit or rollback sets it back
      Statements.prepare(held, "PRAGMA synchronous = NORMAL").execute();
    }
    Statements.prepare(held, "BEGIN IMMEDIATE").execute();
    return held;
  }

  private Connection open() throws NoConnection {
    Connection c = NoConnection.writeConnectionOf(db);
    try {
      // The driver begins a transaction of its own here; it is ended at once, and from now on only the
      // writer's statements begin and end them.
      c.setAutoCommit(false);
      Statements.prepare(c, "ROLLBACK").execute();
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new NoConnection(e);
    }
  }

  @Override
  public void commit() throws SQLException {
    Statements.prepare(held, "COMMIT").execute();
    restoreSync();
  }

  @Override
  public void rollback(Throwable failure) {
    if (held == null) {
      return;
    }
    try {
      Statements.prepare(held, "ROLLBACK").execute();
    } catch (SQLException e) {
      // SQLite may have rolled back itself (an I/O error, a full disk), or the connection broke: either
      // way the next batch begins on a new connection, whose state is known.
      failure.addSuppressed(e);
      log.debug("Rollback failed; the store writer opens a new connection: {}", e.toString());
      closeQuietly(held);
      held = null;
      relaxed = false;
      return;
    }
    restoreSync();
  }

  /** After a relaxed transaction ended: the configured level again, or a new connection (which has it). */
  private void restoreSync() {
    if (!relaxed) {
      return;
    }
    relaxed = false;
    try {
      Statements.prepare(held, "PRAGMA synchronous = " + Database.SYNCHRONOUS.getValue()).execute();
    } catch (SQLException e) {
      log.warn("Could not set the store writer's synchronous level back; it opens a new connection: {}",
          e.toString());
      closeQuietly(held);
      held = null;
    }
  }

  @Override
  public void betweenBatches(boolean idle) {
    if (held != null) {
      checkpoints.catchUp(held, idle);
    }
  }

  @Override
  public void close() {
    checkpoints.close();
    if (held != null) {
      closeQuietly(held);
      held = null;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("Closing the store writer's connection failed: {}", e.toString());
    }
  }
}
