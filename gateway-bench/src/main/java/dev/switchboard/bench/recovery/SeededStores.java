package dev.switchboard.bench.recovery;

import dev.switchboard.bench.Log;
import dev.switchboard.bench.StoreFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;

/**
 * {@code --seeded-stores=DIR}: seeded stores kept between runs. Seeding a million conversations takes minutes,
 * a copy of the file seconds; every run starts from a copy, so a start that writes to its store (the report
 * roll-up, say) changes nothing for the next run. A kept store is named by its size and by the schema version
 * the gateway under test migrated to, so a gateway with another migration seeds its own.
 */
final class SeededStores {

  private final Path dir;

  SeededStores(Path dir) {
    this.dir = dir;
  }

  /**
   * Fills {@code sqlite} (migrated, empty, its gateway stopped) with {@code conversations} of which {@code
   * waiting} queued: from the kept copy when there is one, else by seeding it and keeping a copy.
   */
  void fill(Path sqlite, int conversations, int waiting, long nowMillis) throws IOException, SQLException {
    Path kept = dir.resolve("recovery-" + conversations + "-" + waiting + "-v" + schemaVersion(sqlite) + ".db");
    if (Files.isRegularFile(kept)) {
      Log.info("reusing the seeded store %s", kept);
      for (String suffix : new String[] {"-wal", "-shm"}) {
        Files.deleteIfExists(sqlite.resolveSibling(sqlite.getFileName() + suffix));
      }
      Files.copy(kept, sqlite, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    StoreSeeder.seed(sqlite, conversations, waiting, nowMillis);
    Files.createDirectories(dir);
    Path partial = dir.resolve(kept.getFileName() + ".partial");
    Files.copy(sqlite, partial, StandardCopyOption.REPLACE_EXISTING);
    Files.move(partial, kept, StandardCopyOption.ATOMIC_MOVE);
    Log.info("kept the seeded store as %s", kept);
  }

  /** The highest migration applied to {@code sqlite}, by install order. */
  private static long schemaVersion(Path sqlite) throws SQLException {
    return StoreFile.count(sqlite, "SELECT CAST(version AS INTEGER) FROM flyway_schema_history "
        + "WHERE success = 1 AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
  }
}
