package dev.switchboard.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bench.StoreFile;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeded store is as a running gateway leaves it: its conversations, the newest queued, and every seeded
 * row in SQLite's full-text indexes with nothing left on the search queue for the gateway's indexer.
 */
class StoreSeederTest {

  @TempDir
  Path dir;

  @Test
  void seedsConversationsIndexedForSearchWithAnEmptySearchQueue() throws Exception {
    try (Stores migrated = TestStores.sqlite(dir, MutableClock.startingAt("2026-12-02T10:00:00Z"))) {
      // the gateway's schema, then closed, as the recovery scenario's first start leaves it
    }
    Path db = dir.resolve("switchboard.db");

    StoreSeeder.seed(db, 120, 20, 1_764_669_600_000L);

    assertThat(StoreFile.count(db, "SELECT count(*) FROM conversations")).isEqualTo(120);
    assertThat(StoreFile.count(db, "SELECT count(*) FROM conversations WHERE status = 'QUEUED'")).isEqualTo(20);
    assertThat(StoreFile.count(db, "SELECT count(*) FROM search_queue")).isZero();
    assertThat(StoreFile.count(db, "SELECT through FROM message_search_mark"))
        .isEqualTo(StoreFile.count(db, "SELECT max(rowid) FROM messages"));
    assertThat(StoreFile.count(db, "SELECT count(*) FROM message_search")).isEqualTo(120);
    assertThat(StoreFile.count(db, "SELECT count(*) FROM conversation_search")).isEqualTo(120);
    assertThat(StoreFile.count(db, "SELECT count(*) FROM contact_search")).isEqualTo(120);
    assertThat(StoreFile.count(db, "SELECT count(*) FROM identity_search")).isEqualTo(120);
    assertThat(StoreFile.count(db, "SELECT count(*) FROM message_search WHERE message_search MATCH 'arrived'"))
        .isEqualTo(120);
  }
}
