package dev.switchboard.core.store;

import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.PostgresSchema;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLA report against a brute force over the raw rows, on PostgreSQL in a schema of its own (dropped
 * afterwards). Runs when {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server.
 */
class PostgresReportPercentilesTest implements ReportPercentilesContract {

  @TempDir
  static Path dir;

  @RegisterExtension
  static final PostgresSchema postgres = new PostgresSchema();

  @Override
  public Stores open(MutableClock clock, MeterRegistry meters) {
    return Stores.open(postgres.storage(dir), clock, meters);
  }
}
