package dev.switchboard.core.store;

import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SLA report against a brute force over the raw rows, on an embedded SQLite file of its own. */
class SqliteReportPercentilesTest implements ReportPercentilesContract {

  @TempDir
  static Path dir;

  @Override
  public Stores open(MutableClock clock, MeterRegistry meters) {
    return TestStores.sqlite(dir, clock, meters);
  }
}
