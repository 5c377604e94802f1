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

  public StorageConfig {
    sqlite = sqlite == null ? Path.of("data/switchboard.db") : sqlite;
    attachments = attachments == null ? Path.of("data/attachments") : attachments;
    maxBatch = maxBatch == null ? 256 : maxBatch;
    maxBatchDelay = maxBatchDelay == null ? Duration.ofMillis(1) : maxBatchDelay;
  }

  public boolean usesPostgres() {
    return postgres != null;
  }
}
