package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which SQLite connections read the file through a memory map: the writer's, whose own commits keep its map,
 * and not the readers', whose every read transaction after another connection's commit would unmap the
 * whole file and fault its pages in again.
 */
class SqliteMemoryMapTest {

  @TempDir
  Path dir;

  private Database db;

  @BeforeEach
  void open() throws Exception {
    db = Database.sqlite(dir.resolve("m.db"), 2);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theWriterReadsThroughAMapAndTheReadersDoNot() throws Exception {
    try (Connection writer = db.writeConnection()) {
      assertThat(mmapSize(writer)).isEqualTo(Database.MMAP_BYTES);
    }
    try (Connection first = db.readConnection(); Connection second = db.readConnection()) {
      assertThat(mmapSize(first)).isZero();
      assertThat(mmapSize(second)).isZero();
    }
  }

  private static long mmapSize(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA mmap_size")) {
      assertThat(r.next()).isTrue();
      return r.getLong(1);
    }
  }
}
