package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

  /** The ids of a conversation and its message put into an old schema by {@link #insertSmsMessage}. */
  record OldMessage(String conversationId, String messageId) {}

  /**
   * An SMS conversation (ref {@code tag + tag}) of a contact named {@code name} (null: none), holding one
   * inbound message with {@code body}, inserted with plain SQL into the old schema at {@code url}; every id is
   * 26 characters, {@code "01J" + tag} and what it names ({@code 01JV15MESSAGE0000000000001}).
   */
  static OldMessage insertSmsMessage(String url, String tag, String name, String body) throws SQLException {
    String contact = id(tag, "CONTACT");
    OldMessage old = new OldMessage(id(tag, "CONVERSATION"), id(tag, "MESSAGE"));
    try (Connection c = DriverManager.getConnection(url)) {
      PreparedStatement ps = c.prepareStatement("INSERT INTO contacts (id, name, created_at, updated_at) "
          + "VALUES (?, ?, 1, 1)");
      ps.setString(1, contact);
      ps.setString(2, name);
      ps.executeUpdate();
      ps = c.prepareStatement("INSERT INTO conversations (id, ref, contact_id, channel, thread_key, subject, status, "
          + "skills, created_at, updated_at) VALUES (?, ?, ?, 'SMS', 't', NULL, 'ASSIGNED', '[]', 1, 1)");
      ps.setString(1, old.conversationId());
      ps.setString(2, tag + tag);
      ps.setString(3, contact);
      ps.executeUpdate();
      ps = c.prepareStatement("INSERT INTO messages (id, conversation_id, channel, direction, external_id, body, "
          + "automated, delivery, created_at) VALUES (?, ?, 'SMS', 'IN', 'SMold1', ?, FALSE, 'RECEIVED', 1)");
      ps.setString(1, old.messageId());
      ps.setString(2, old.conversationId());
      ps.setString(3, body);
      ps.executeUpdate();
    }
    return old;
  }

  private static String id(String tag, String what) {
    String prefix = "01J" + tag + what;
    return prefix + "0".repeat(25 - prefix.length()) + "1";
  }
}
