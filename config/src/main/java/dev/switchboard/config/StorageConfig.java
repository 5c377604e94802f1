package dev.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where conversations live: an embedded SQLite file by default, PostgreSQL when {@code postgres} is set.
 * Attachments are stored content-addressed under {@code attachments}.
 */
public record StorageConfig(
    Path sqlite,
    PostgresConfig postgres,
    Path attachments,
    @Positive Integer maxBatch,
    Duration maxBatchDelay) {

  /**
   * No wait by default: the writes that queue while a commit runs (its fsync) make the next batch by
   * themselves. A fixed wait for company added itself to every acknowledgement whenever the batch did not
   * fill (docs/storage.md, docs/performance.md "The writer's wait for company").
   */
  public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ZERO;

  public StorageConfig {
    sqlite = sqlite == null ? Path.of("data/switchboard.db") : sqlite;
    attachments = attachments == null ? Path.of("data/attachments") : attachments;
    maxBatch = maxBatch == null ? 256 : maxBatch;
    maxBatchDelay = maxBatchDelay == null ? DEFAULT_MAX_BATCH_DELAY : maxBatchDelay;
  }

  public boolean usesPostgres() {
    return postgres != null;
  }
}
