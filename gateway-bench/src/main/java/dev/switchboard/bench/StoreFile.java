package dev.switchboard.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads the gateway's SQLite file after a run, to check what was really stored. */
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
}
