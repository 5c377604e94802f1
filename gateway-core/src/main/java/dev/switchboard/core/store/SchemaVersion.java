package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Whether a database already has every migration this build ships, so that a start can leave Flyway out:
 * Flyway lists the migration folders in the jar, reads and checksums every migration and validates them
 * against its history table, which was the largest part of opening the store (docs/performance.md, "Restart
 * to ready"). A database behind this build, or one whose history holds a failed migration, is migrated by
 * Flyway as before; a changed, already applied migration is no longer noticed at each start (its checksum is
 * still checked by any start that migrates).
 */
final class SchemaVersion {

  private SchemaVersion() {}

  /**
   * The highest migration version {@code vendor} runs: of {@code db/migration} and its own folder
   * ({@code SchemaVersionTest} keeps these in step with the files). PostgreSQL has no V14, V16, V17 or V21; V19 is
   * written for each (a BLOB in one, a bytea in the other).
   */
  static int latest(Database.Vendor vendor) {
    return switch (vendor) {
      case SQLITE -> 21;
      case POSTGRESQL -> 20;
    };
  }

  /** Whether {@code source}'s Flyway history has {@link #latest} (or later) and no failed migration. */
  static boolean current(DataSource source, Database.Vendor vendor) {
    try (Connection c = source.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(CAST(version AS INTEGER)), "
            + "SUM(CASE WHEN success THEN 0 ELSE 1 END) FROM flyway_schema_history WHERE version IS NOT NULL")) {
      return rs.next() && rs.getInt(1) >= latest(vendor) && rs.getInt(2) == 0;
    } catch (SQLException noHistoryYet) {
      return false;
    }
  }
}
