package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A store whose schema is current opens without Flyway; one behind it is migrated (the migration tests, such
 * as {@code ClientIdIndexMigrationTest}, open stores left at an older version).
 */
class SchemaVersionTest {

  private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

  @TempDir
  Path dir;

  @Test
  void theLatestVersionIsTheNewestMigrationEachDatabaseRuns() throws Exception {
    for (Database.Vendor vendor : Database.Vendor.values()) {
      assertThat(SchemaVersion.latest(vendor)).as(vendor.name()).isEqualTo(newestMigration(vendor));
    }
  }

  @Test
  void aCurrentStoreOpensWithoutValidatingItsMigrationsAgain() throws Exception {
    Path file = dir.resolve("switchboard.db");
    Database.sqlite(file, 1).close();
    // What Flyway's validation would refuse: an applied migration whose file no longer matches its checksum.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
    }

    try (Database reopened = Database.sqlite(file, 1)) {
      assertThat(reopened.ping()).isTrue();
    }
  }

  @Test
  void aStoreWithAFailedMigrationIsNotCurrent() throws Exception {
    Path file = dir.resolve("switchboard.db");
    Database.sqlite(file, 1).close();
    String url = "jdbc:sqlite:" + file;
    assertThat(SchemaVersion.current(source(url), Database.Vendor.SQLITE)).isTrue();

    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE flyway_schema_history SET success = 0 WHERE version = '17'");
    }

    assertThat(SchemaVersion.current(source(url), Database.Vendor.SQLITE)).isFalse();
  }

  @Test
  void anEmptyDatabaseIsNotCurrent() {
    String url = "jdbc:sqlite:" + dir.resolve("empty.db");
    assertThat(SchemaVersion.current(source(url), Database.Vendor.SQLITE)).isFalse();
  }

  private static SQLiteDataSource source(String url) {
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl(url);
    return source;
  }

  /** The highest V<n>__*.sql in the vendor's Flyway locations on the test classpath. */
  private static int newestMigration(Database.Vendor vendor) throws IOException, URISyntaxException {
    int newest = 0;
    for (String location : vendor.migrationLocations()) {
      Path folder = Path.of(SchemaVersionTest.class.getClassLoader()
          .getResource(location.substring("classpath:".length())).toURI());
      try (Stream<Path> files = Files.list(folder)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Matcher m = VERSION.matcher(f.getFileName().toString());
          if (m.matches()) {
            newest = Math.max(newest, Integer.parseInt(m.group(1)));
          }
        }
      }
    }
    return newest;
  }
}
