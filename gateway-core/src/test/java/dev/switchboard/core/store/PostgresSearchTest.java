package dev.switchboard.core.store;

import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.PostgresSchema;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search and tags on PostgreSQL (tsvector and GIN), in a schema of its own that is dropped afterwards; runs
 * when {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server (see {@link PostgresConversationStoreTest}).
 */
class PostgresSearchTest implements SearchContract, TagsContract {

  @TempDir
  static Path dir;

  @RegisterExtension
  static final PostgresSchema postgres = new PostgresSchema();

  @Override
  public Stores open(MutableClock clock, MeterRegistry meters) {
    return Stores.open(postgres.storage(dir), clock, meters);
  }
}
