package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.PostgresConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connections to one database: a source for the group-commit writer and one for readers. Both SQLite
 * and PostgreSQL run the same Flyway migrations from {@code db/migration}, plus those only their
 * {@link Vendor} can run from {@code db/vendor/<vendor>} (full-text search).
 */
final class Database implements AutoCloseable {

  /**
   * The kind of database, and the folder of the migrations only it can run. (Spring Boot spells this
   * {@code db/vendor/{vendor}}; plain Flyway has no such placeholder, so the folder is named here.)
   */
  enum Vendor {
    SQLITE("sqlite"), POSTGRESQL("postgresql");

    private final String folder;

    Vendor(String folder) {
      this.folder = folder;
    }

    /** The Flyway locations for this database: the shared migrations and its own. */
    String[] migrationLocations() {
      return new String[] {"classpath:db/migration", "classpath:db/vendor/" + folder};
    }
  }

  private final Vendor vendor;
  private final String description;
  private final HikariDataSource writes;
  private final HikariDataSource reads;
  private final int readThreads;

  private Database(Vendor vendor, String description, HikariDataSource writes, HikariDataSource reads,
      int readThreads) {
    this.vendor = vendor;
    this.description = description;
    this.writes = writes;
    this.reads = reads;
    this.readThreads = readThreads;
  }

  /**
   * An embedded SQLite file in WAL mode: one writer connection (SQLite serializes writers anyway; one
   * connection means no SQLITE_BUSY between our own writes) and a few reader connections, which WAL lets
   * read concurrently with the writer.
   */
  static Database sqlite(Path file, int readers) throws IOException {
    requireNonNull(file, "file");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL, not NORMAL: in WAL mode NORMAL survives a process crash but may lose the last commits on a
    // power loss or kernel panic, and we acknowledge sources (IMAP, Twilio, chat) right after the commit.
    // FULL fsyncs the WAL at each commit; group commit makes that one fsync per batch, not per message.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // The driver would otherwise run (and prepare anew) `SELECT last_insert_rowid()` after every INSERT
    // for getGeneratedKeys, which nothing here calls: ids are made by the gateway, not by the database.
    config.setGetGeneratedKeys(false);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());

    HikariDataSource writes = pool("switchboard-sqlite-write", source, 1);
    HikariDataSource reads = pool("switchboard-sqlite-read", source, readers);
    Database db = new Database(Vendor.SQLITE, "SQLite " + file.toAbsolutePath(), writes, reads, readers);
    db.migrate();
    return db;
  }

  /** A PostgreSQL server: one HikariCP pool; the writer holds one connection per batch, readers the rest. */
  static Database postgres(PostgresConfig config) {
    requireNonNull(config, "config");
    if (config.poolSize() < 2) {
      throw new IllegalArgumentException("poolSize: " + config.poolSize() + " (expected: >= 2)");
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("switchboard-postgres");
    PostgresSessions.configure(hikari, config);
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setAutoCommit(true);
    // Fail writes and health checks within seconds when the server is gone, rather than after 30s.
    hikari.setConnectionTimeout(5_000);
    HikariDataSource pool = new HikariDataSource(hikari);
    Database db = new Database(Vendor.POSTGRESQL, "PostgreSQL", pool, pool, config.poolSize() - 1);
    try {
      db.migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return db;
  }

  private static HikariDataSource pool(String name, DataSource source, int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setDataSource(source);
    hikari.setMaximumPoolSize(size);
    hikari.setMinimumIdle(1);
    hikari.setAutoCommit(true);
    return new HikariDataSource(hikari);
  }

  private void migrate() {
    Flyway.configure()
        .dataSource(writes)
        .locations(vendor.migrationLocations())
        .load()
        .migrate();
  }

  Connection writeConnection() throws SQLException {
    return writes.getConnection();
  }

  Connection readConnection() throws SQLException {
    return reads.getConnection();
  }

  Vendor vendor() {
    return vendor;
  }

  int readThreads() {
    return readThreads;
  }

  /** Whether a connection can be had and answers a trivial query. */
  boolean ping() {
    try (Connection c = reads.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (reads != writes) {
      reads.close();
    }
    writes.close();
  }

  @Override
  public String toString() {
    return description;
  }
}
