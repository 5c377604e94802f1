package dev.switchboard.core.store;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/** Databases left at an older schema, for tests of what a migration does to the rows stored before it. */
final class OldSchemas {

  private OldSchemas() {}

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
