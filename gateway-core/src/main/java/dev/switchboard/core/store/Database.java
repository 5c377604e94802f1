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
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connections to one database: a source for the group-commit writer and one for readers. Both SQLite
 * and PostgreSQL run the same Flyway migrations from {@code db/migration}, plus those only their
 * {@link Vendor} can run from {@code db/vendor/<vendor>} (full-text search). How the writer uses its
 * connections is {@link WriteTransactions}'.
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

  /**
   * SQLite's memory map of the database file on the writer's connection, in bytes (a database past it is
   * read as before beyond it). Readers have none: see {@link #sqlite}.
   */
  static final long MMAP_BYTES = 256L << 20;
  /** How every SQLite connection syncs its commits (the writer relaxes it for one kind of transaction). */
  static final SQLiteConfig.SynchronousMode SYNCHRONOUS = SQLiteConfig.SynchronousMode.FULL;
  /** The SQLite writer connection's page cache, in KiB. */
  static final int WRITER_CACHE_KIB = 64 << 10;

  private final Vendor vendor;
  private final String description;
  /** SQLite: the unpooled source of writer connections (the writer holds one); PostgreSQL: the pool. */
  private final DataSource writes;
  private final HikariDataSource reads;
  private final int readThreads;
  /** The SQLite writer connections handed out and not yet seen closed: closed with the database. */
  private final Set<Connection> handedOut = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private Database(Vendor vendor, String description, DataSource writes, HikariDataSource reads,
      int readThreads) {
    this.vendor = vendor;
    this.description = description;
    this.writes = writes;
    this.reads = reads;
    this.readThreads = readThreads;
  }

  /**
   * An embedded SQLite file in WAL mode: one writer connection (SQLite serializes writers anyway; one
   * connection means no SQLITE_BUSY between our own writes), held by the writer itself rather than pooled
   * (no borrow and return per batch), and a few pooled reader connections, which WAL lets read concurrently
   * with the writer.
   */
  static Database sqlite(Path file, int readers) throws IOException {
    requireNonNull(file, "file");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    SQLiteConfig reader = sqliteConfig();
    // A reader's transaction (StoreThreads.readTogether) begins DEFERRED: it takes a snapshot at its first
    // SELECT and never the write lock an IMMEDIATE one would take from the writer.
    reader.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
    HikariDataSource reads = pool("switchboard-sqlite-read", source(reader, file), readers);
    SQLiteConfig writer = sqliteConfig();
    // The writer's page cache: 64 MiB instead of SQLite's default 2 MiB, so the indexes an ingest walks
    // (messages, conversations, the full-text index) stay in it between batches rather than being read
    // from the OS again. Readers keep the default (64 MiB each would be 256 MiB more for little: a reader's
    // cache is dropped whenever another connection has committed since its last read).
    writer.setCacheSize(-WRITER_CACHE_KIB);
    // The writer reads pages through a memory map instead of a pread into its cache each time (256 MiB of
    // address space, not memory: the kernel's page cache holds the pages either way; writes still go
    // through the WAL, so durability is unchanged). Only the writer: its own commits keep its cache and
    // map, while a reader's read transaction that finds the WAL changed by another connection's commit
    // drops its cache and, with a map, unmaps the whole file, maps it again and faults in every page it
    // touches (with a TLB shootdown on both vCPUs of a guest). The writer commits every few milliseconds
    // under load, so each of the readers' statements paid that: more than half of the read pool's CPU a
    // mail (docs/performance.md, "E-mail intake: the read pool's SQLite map").
    writer.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(MMAP_BYTES));
    // The writer's commits never checkpoint (wal_autocheckpoint 0, set on each writer connection as it opens:
    // see writeConnection): SQLite's automatic checkpoint ran inside the commit that crossed its page count,
    // on the writer's thread, and the writes behind it waited for the copy and its fsync. WalCheckpoints
    // copies the WAL into the file beside the writer instead.
    Database db = new Database(Vendor.SQLITE, "SQLite " + file.toAbsolutePath(), source(writer, file), reads,
        readers);
    try {
      db.migrate();
    } catch (RuntimeException e) {
      reads.close();
      throw e;
    }
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
    hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
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

  /** The settings every connection to the SQLite file has. */
  private static SQLiteConfig sqliteConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL, not NORMAL: in WAL mode NORMAL survives a process crash but may lose the last commits on a
    // power loss or kernel panic, and we acknowledge sources (IMAP, Twilio, chat) right after the commit.
    // FULL fsyncs the WAL at each commit; group commit makes that one fsync per batch, not per message.
    // (The search index's passes alone commit with NORMAL, see WriteTransactions.Sync.)
    config.setSynchronous(SYNCHRONOUS);
    config.setBusyTimeout(10_000);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // The driver would otherwise run (and prepare anew) `SELECT last_insert_rowid()` after every INSERT
    // for getGeneratedKeys, which nothing here calls: ids are made by the gateway, not by the database.
    config.setGetGeneratedKeys(false);
    return config;
  }

  private static SQLiteDataSource source(SQLiteConfig config, Path file) {
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return source;
  }

  /** A pool of {@code size} connections of {@code source}. */
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
    if (SchemaVersion.current(writes, vendor)) {
      return;
    }
    Flyway.configure()
        .dataSource(writes)
        .locations(vendor.migrationLocations())
        .load()
        .migrate();
  }

  /**
   * A connection to write on. SQLite: a new one, not pooled, which the caller holds and closes (the
   * database closes it if it closes first); PostgreSQL: one from the pool, returned by closing it.
   */
  Connection writeConnection() throws SQLException {
    if (closed) {
      throw new SQLException(description + " is closed");
    }
    if (vendor != Vendor.SQLITE) {
      return writes.getConnection();
    }
    handedOut.removeIf(Database::isClosed);
    Connection c = writes.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint = 0"); // WalCheckpoints checkpoints, off the commits
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    handedOut.add(c);
    if (closed) { // raced with close(), which may not have seen it
      c.close();
      throw new SQLException(description + " is closed");
    }
    return c;
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
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
    closed = true;
    for (Connection c : handedOut) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    handedOut.clear();
    reads.close();
    if (writes instanceof HikariDataSource pool && pool != reads) {
      pool.close();
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
