package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search and tags on PostgreSQL (tsvector and GIN), in a schema of its own that is dropped afterwards; runs
 * when {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server (see {@link PostgresConversationStoreTest}).
 */
class PostgresSearchTest implements SearchContract, TagsContract {

  @TempDir
  static Path dir;

  private static String url;
  private static String schema;

  @BeforeAll
  static void createSchema() throws SQLException {
    url = TestStores.postgresUrl();
    assumeTrue(url != null, "PostgreSQL search tests skipped: set " + TestStores.POSTGRES_URL_ENV);
    schema = TestStores.createSchema(url);
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    if (schema != null) {
      TestStores.dropSchema(url, schema);
    }
  }

  @Override
  public Stores open(MutableClock clock, MeterRegistry meters) {
    return Stores.open(TestStores.postgresConfig(url, schema, dir), clock, meters);
  }
}
