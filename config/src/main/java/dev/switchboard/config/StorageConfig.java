package dev.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where conversations live: an embedded SQLite file by default, PostgreSQL when {@code postgres} is set.
 * Attachments are stored content-addressed: those up to {@code attachmentsInDatabaseUpTo} in the database, in
 * the transaction of the message that names them; larger ones as files under {@code attachments}.
 */
public record StorageConfig(
    Path sqlite,
    PostgresConfig postgres,
    Path attachments,
    @Positive Integer maxBatch,
    Duration maxBatchDelay,
    DataSize attachmentsInDatabaseUpTo) {

  /**
   * No wait by default: the writes that queue while a commit runs (its fsync) make the next batch by
   * themselves. A fixed wait for company added itself to every acknowledgement whenever the batch did not
   * fill (docs/storage.md, docs/performance.md "The writer's wait for company").
   */
  public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ZERO;

  /**
   * Most attachments are far smaller (a mail's PDF, a texted photo): in the database they are synced by the
   * commit that writes their message, where a file costs a new inode and two syncs of its own
   * (docs/storage.md, "Attachments"). Each is held in memory whole until its message is written.
   */
  public static final DataSize DEFAULT_ATTACHMENTS_IN_DATABASE_UP_TO = DataSize.ofKilobytes(256);

  public StorageConfig {
    sqlite = sqlite == null ? Path.of("data/switchboard.db") : sqlite;
    attachments = attachments == null ? Path.of("data/attachments") : attachments;
    maxBatch = maxBatch == null ? 256 : maxBatch;
    maxBatchDelay = maxBatchDelay == null ? DEFAULT_MAX_BATCH_DELAY : maxBatchDelay;
    attachmentsInDatabaseUpTo = attachmentsInDatabaseUpTo == null
        ? DEFAULT_ATTACHMENTS_IN_DATABASE_UP_TO : attachmentsInDatabaseUpTo;
  }

  public boolean usesPostgres() {
    return postgres != null;
  }
}
