package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.testing.TestStores;
import java.nio.file.Path;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/** Databases left at an older schema, for tests of what a migration does to the rows stored before it. */
final class OldSchemas {

  private OldSchemas() {}

  /** Rows put into the old schema by plain SQL, over a connection to {@code url}. */
  @FunctionalInterface
  interface OldRows {
    void insert(String url) throws Exception;
  }

  /** What the test checks once the store, opened with {@code config}, has migrated the database at {@code url}. */
  @FunctionalInterface
  interface AfterUpgrade {
    void check(StorageConfig config, String url) throws Exception;
  }

  /**
   * A SQLite store in {@code dir} left below {@code version}, given {@code rows}, then handed to {@code after}
   * with the configuration that opens it (and runs the migrations from {@code version} on).
   */
  static void upgradeSqlite(Path dir, String version, OldRows rows, AfterUpgrade after) throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("switchboard.db");
    migrateBelow(url, Database.Vendor.SQLITE, version);
    rows.insert(url);
    after.check(TestStores.sqliteConfig(dir), url);
  }

  /**
   * {@link #upgradeSqlite} on a schema of its own in the test PostgreSQL (skipped without one), dropped after;
   * {@code dir} holds the store's attachments.
   */
  static void upgradePostgres(Path dir, String version, OldRows rows, AfterUpgrade after) throws Exception {
    String server = TestStores.postgresUrl();
    assumeTrue(server != null, "PostgreSQL migration test skipped: set " + TestStores.POSTGRES_URL_ENV);
    String schema = TestStores.createSchema(server);
    try {
      String url = TestStores.schemaUrl(server, schema);
      migrateBelow(url, Database.Vendor.POSTGRESQL, version);
      rows.insert(url);
      after.check(TestStores.postgresConfig(server, schema, dir), url);
    } finally {
      TestStores.dropSchema(server, schema);
    }
  }

  /**
   * Migrates the database at {@code url} to the last version below {@code version} on {@code vendor}'s
   * migrations (a vendor may skip a number: PostgreSQL has no V14, V16 or V17).
   */
  static void migrateBelow(String url, Database.Vendor vendor, String version) {
    Flyway all = Flyway.configure().dataSource(url, null, null).locations(vendor.migrationLocations()).load();
    MigrationVersion last = Arrays.stream(all.info().all()).map(MigrationInfo::getVersion)
        .filter(v -> v.compareTo(MigrationVersion.fromVersion(version)) < 0).max(MigrationVersion::compareTo)
        .orElseThrow();
    Flyway.configure().dataSource(url, null, null).locations(vendor.migrationLocations()).target(last).load()
        .migrate();
  }
}
