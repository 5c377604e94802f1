package dev.switchboard.core.store;

import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.PostgresSchema;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract on PostgreSQL, in a schema of its own that is dropped afterwards. Runs when
 * {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
 */
class PostgresConversationStoreTest implements ChannelRecordsContract, DeliveriesContract, ContactStoreContract, FollowUpsContract,
    AttachmentRecordsContract, IncidentsContract, CsatSurveysContract, IngestAfterOtherWritesContract {

  @TempDir
  static Path dir;

  @RegisterExtension
  static final PostgresSchema postgres = new PostgresSchema();

  @Override
  public Stores open(MutableClock clock, MeterRegistry meters) {
    return Stores.open(postgres.storage(dir), clock, meters);
  }
}
