package dev.switchboard.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads the gateway's SQLite file after a run, to check what was really stored; grows it before one. */
public final class StoreFile {

  private StoreFile() {}

  /** The single number {@code sql} selects, e.g. {@code SELECT count(*) FROM messages WHERE channel = 'SMS'}. */
  public static long count(Path sqlite, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * Grows the gateway's SQLite file by {@code megabytes} of a table the gateway never reads ({@code bench_pad}),
   * checkpointed into the file, and answers its pages then: a fresh store made the size a desk's reaches in
   * some months, for what depends on the file's size alone (SQLite's page-cache scan, which only a database
   * under 1 GiB pays: docs/architecture.md, "Known limits"). Run it on a store the gateway created and is not
   * running on.
   */
  public static long pad(Path sqlite, int megabytes) throws SQLException {
    if (megabytes < 1) {
      throw new IllegalArgumentException("megabytes: " + megabytes + " (expected: > 0)");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE bench_pad (b BLOB NOT NULL)");
      s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + megabytes + ") "
          + "INSERT INTO bench_pad SELECT zeroblob(1048576) FROM n");
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    return count(sqlite, "PRAGMA page_count");
  }
}
