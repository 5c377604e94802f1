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
 * The reports on PostgreSQL, in a schema of its own that is dropped afterwards. Runs when
 * {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
 */
class PostgresReportsTest implements ReportsContract, ReportRollupContract {

  @TempDir
  static Path dir;

  private static String url;
  private static String schema;

  @BeforeAll
  static void createSchema() throws SQLException {
    url = TestStores.postgresUrl();
    assumeTrue(url != null, "PostgreSQL report tests skipped: set " + TestStores.POSTGRES_URL_ENV
        + "=jdbc:postgresql://127.0.0.1:5432/test?user=postgres to run them");
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
