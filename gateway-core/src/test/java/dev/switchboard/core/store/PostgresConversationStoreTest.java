package dev.switchboard.core.store;

import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.PostgresSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract on PostgreSQL, in a schema of its own that is dropped afterwards. Runs when
 * {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
 */
class PostgresConversationStoreTest implements ChannelRecordsContract, DeliveriesContract, ContactStoreContract, FollowUpsContract,
    AttachmentRecordsContract, BlobStoreContract, IncidentsContract, CsatSurveysContract,
    IngestAfterOtherWritesContract {

  @TempDir
  static Path dir;

  @RegisterExtension
  static final PostgresSchema postgres = new PostgresSchema();

  @Override
  public Path attachmentFiles() {
    return dir.resolve("attachments");
  }

  @Override
  public Stores open(MutableClock clock, MeterRegistry meters) {
    return Stores.open(postgres.storage(dir), clock, meters);
  }

  /** Other nodes write the same rows: every message's sender and thread is read, router saves or not. */
  @Test
  void theWriterRemembersNoSenderThroughIngestsAndRouterSaves() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String phone = Inbound.phone();
      Conversation c = null;
      for (int i = 0; i < 3; i++) {
        c = await(store.ingestDetailed(Inbound.sms(phone, "SM" + Inbound.token()).build())).conversation();
      }
      await(store.saveConversation(c.toBuilder().status(ConversationStatus.ASSIGNED).assignee("alice")
          .lastAgent("alice").build()));
      long reads = stores.senders().reads();

      await(store.ingestDetailed(Inbound.sms(phone, "SM" + Inbound.token()).build()));

      assertThat(stores.senders().reads()).isEqualTo(reads + 1);
      assertThat(stores.senders().size()).isZero();
    }
  }
}
