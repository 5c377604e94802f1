package dev.switchboard.core.testing;

import dev.switchboard.config.PostgresConfig;
import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.store.Stores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Real stores for tests, in one line: a SQLite file in a temporary directory, or a throw-away schema on
 * the PostgreSQL server named by {@code SWITCHBOARD_TEST_POSTGRES_URL}.
 *
 * <pre>{@code
 * @TempDir Path dir;
 * Stores stores = TestStores.sqlite(dir, clock);     // close it in @AfterEach
 * }</pre>
 */
public final class TestStores {

  /** The environment variable naming the test PostgreSQL server. */
  public static final String POSTGRES_URL_ENV = "SWITCHBOARD_TEST_POSTGRES_URL";

  private TestStores() {}

  /** A store on {@code dir/switchboard.db}, attachments under {@code dir/attachments}. */
  public static Stores sqlite(Path dir, Clock clock) {
    return sqlite(dir, clock, new SimpleMeterRegistry());
  }

  public static Stores sqlite(Path dir, Clock clock, MeterRegistry meters) {
    return Stores.open(sqliteConfig(dir), clock, meters);
  }

  /** The config {@link #sqlite} uses, for tests that open the same files again. */
  public static StorageConfig sqliteConfig(Path dir) {
    return new StorageConfig(dir.resolve("switchboard.db"), null, dir.resolve("attachments"), 256,
        Duration.ofMillis(1), null);
  }

  /** The test PostgreSQL URL, or {@code null} when the variable is not set. */
  public static String postgresUrl() {
    String url = System.getenv(POSTGRES_URL_ENV);
    return url == null || url.isBlank() ? null : url;
  }

  /** Creates an empty schema on the test server; returns its name. Drop it with {@link #dropSchema}. */
  public static String createSchema(String url) throws SQLException {
    String schema = "sb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
        .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }

  public static void dropSchema(String url, String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** The server's JDBC {@code url} with {@code schema} as the connections' current schema. */
  public static String schemaUrl(String url, String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A config for a schema made by {@link #createSchema}, attachments under {@code dir}. */
  public static StorageConfig postgresConfig(String url, String schema, Path dir) {
    return new StorageConfig(null, PostgresConfig.at(schemaUrl(url, schema), 4), dir.resolve("attachments"), 256,
        Duration.ofMillis(1), null);
  }
}
