package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFileTest {

  @TempDir
  Path dir;

  @Test
  void padGrowsTheFileByTheMegabytesAskedAndLeavesTheRestAsItWas() throws Exception {
    Path store = dir.resolve("switchboard.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("CREATE TABLE messages (id TEXT PRIMARY KEY)");
      s.execute("INSERT INTO messages VALUES ('m1'), ('m2')");
    }
    long before = StoreFile.count(store, "PRAGMA page_count");

    long pages = StoreFile.pad(store, 3);

    assertThat(pages).isGreaterThanOrEqualTo(before + 3 * 1024 * 1024 / 4096);
    assertThat(Files.size(store)).as("checkpointed into the file").isEqualTo(pages * 4096);
    assertThat(StoreFile.count(store, "SELECT count(*) FROM bench_pad")).isEqualTo(3);
    assertThat(StoreFile.count(store, "SELECT count(*) FROM messages")).isEqualTo(2);
  }

  @Test
  void padRefusesNothingToAdd() {
    assertThatThrownBy(() -> StoreFile.pad(dir.resolve("switchboard.db"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("megabytes: 0");
  }
}
