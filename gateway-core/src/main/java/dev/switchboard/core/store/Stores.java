package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.report.Reports;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's storage, opened from its config: the {@link ConversationStore} (SQLite by default,
 * PostgreSQL when configured, schema migrated on open) and the {@link BlobStore} for attachments.
 *
 * <pre>{@code
 * Stores stores = Stores.open(config.storage(), clock, meters);
 * GatewayContext ctx = ... stores.conversations(), stores.blobs() ...
 * health: stores.ready()
 * shutdown: stores.close()   // commits queued writes first
 * }</pre>
 */
public final class Stores implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Stores.class);
  private static final int SQLITE_READERS = 4;

  private final StoreThreads threads;
  private final JdbcConversationStore conversations;
  private final SearchIndex searchIndex;
  private final TieredBlobStore blobs;
  private final JdbcReports reports;

  /** The conversation store and the reports, both on {@code threads}: one writer, one pool of readers. */
  private Stores(StoreThreads threads, SearchIndexPolicy searchIndex, TieredBlobStore blobs, Clock clock,
      MeterRegistry meters) {
    this.threads = threads;
    this.searchIndex = SearchIndex.of(threads, searchIndex, meters);
    this.conversations = new JdbcConversationStore(threads, this.searchIndex, clock, meters);
    this.blobs = blobs;
    this.reports = new JdbcReports(threads::read, threads::write, clock);
  }

  /**
   * Opens (creating directories and migrating the schema as needed) the database and the attachment
   * directory that {@code config} names. Throws {@link UncheckedIOException} or a Flyway/SQL runtime
   * exception when they cannot be opened.
   */
  public static Stores open(StorageConfig config, Clock clock, MeterRegistry meters) {
    return open(config, clock, meters, SearchIndexPolicy.DEFAULT);
  }

  /** {@link #open(StorageConfig, Clock, MeterRegistry)} with SQLite's search index caught up by {@code searchIndex}. */
  static Stores open(StorageConfig config, Clock clock, MeterRegistry meters, SearchIndexPolicy searchIndex) {
    requireNonNull(config, "config");
    requireNonNull(searchIndex, "searchIndex");
    requireNonNull(clock, "clock");
    requireNonNull(meters, "meters");
    if (config.maxBatch() < 1) {
      throw new IllegalArgumentException("maxBatch: " + config.maxBatch() + " (expected: > 0)");
    }
    try {
      FileBlobStore files = new FileBlobStore(config.attachments());
      Database db = config.usesPostgres()
          ? Database.postgres(config.postgres())
          : Database.sqlite(config.sqlite(), SQLITE_READERS);
      GroupCommitWriter writer = new GroupCommitWriter(db, config.maxBatch(), config.maxBatchDelay(), meters);
      StoreThreads threads = new StoreThreads(db, writer);
      // The blobs' reads take the store's reader pool like its other reads: off the caller's thread, within its bound.
      TieredBlobStore blobs = new TieredBlobStore(files, threads, config.attachmentsInDatabaseUpTo().bytes());
      log.info("Store open: {}, attachments up to {} bytes in it, larger ones in {}", db,
          config.attachmentsInDatabaseUpTo().bytes(), config.attachments().toAbsolutePath());
      return new Stores(threads, searchIndex, blobs, clock, meters);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open storage: " + e.getMessage(), e);
    }
  }

  public ConversationStore conversations() {
    return conversations;
  }

  /** Contacts across channels: detail, search, merges, e-mail proofs. */
  public ContactStore contacts() {
    return conversations.contacts();
  }

  /** The reports, read on the conversation store's reader pool. */
  public Reports reports() {
    return reports;
  }

  public BlobStore blobs() {
    return blobs;
  }

  /**
   * SQLite's search index catches up on its own only once {@code started} completes (the gateway's start:
   * the router's rebuild first); searches meanwhile still index what they need. Call it right after
   * {@link #open}, before the index's first look (one period later).
   */
  public void catchUpSearchIndexAfter(CompletionStage<?> started) {
    searchIndex.catchUpAfter(started);
  }

  /** Whether the database answers (for {@code /health/ready}). */
  public boolean ready() {
    return threads.ready();
  }

  /** Runs {@code work} on a reader thread with its own connection (this package's tests read SQL directly). */
  <T> CompletableFuture<T> read(Work<T> work) {
    return threads.read(work);
  }

  /** Runs {@code work} in the writer's next batch (this package's tests write SQL directly). */
  <T> CompletableFuture<T> write(Work<T> work) {
    return threads.write("test", work);
  }

  /** The writer's memory of senders and threads (this package's tests; read it only once the writes it follows completed). */
  SenderThreads senders() {
    return threads.writer().senders();
  }

  /** Commits the writes already queued, then closes the connections. */
  @Override
  public void close() {
    conversations.close();
  }
}
