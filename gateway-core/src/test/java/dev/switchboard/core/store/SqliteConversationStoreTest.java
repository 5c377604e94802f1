package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Ids;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded SQLite file, one file for the class (the contract's tests share it). */
class SqliteConversationStoreTest implements ChannelRecordsContract, DeliveriesContract, ContactStoreContract, FollowUpsContract,
    AttachmentRecordsContract, BlobStoreContract, IncidentsContract, CsatSurveysContract,
    IngestAfterOtherWritesContract {

  @TempDir
  static Path dir;

  @Override
  public Path attachmentFiles() {
    return dir.resolve("attachments");
  }

  @Override
  public Stores open(MutableClock clock, MeterRegistry meters) {
    return TestStores.sqlite(dir, clock, meters);
  }

  /**
   * What a race between two nodes on one database can leave (the id recorded by one while the other holds
   * an update for it): made here with SQL, since one store's single writer never lets it happen.
   */
  @Test
  void theSweepAppliesAnUpdateHeldForAMessageThatKnowsItsIdAlready() throws Exception {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      IngestResult r = store.ingest(Inbound.sms(Inbound.phone(), "SM" + Inbound.messageId()).build())
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      Message reply = store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "r1")
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      String sid = "SM" + Inbound.messageId();
      store.deliveries().recordAttempt(reply.id(), DeliveryStatus.SENT, null, sid, 1, null).toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("switchboard.db"));
          PreparedStatement ps = c.prepareStatement("INSERT INTO held_delivery_updates "
              + "(id, channel, external_id, delivery, detail, received_at) VALUES (?, 'SMS', ?, 'DELIVERED', 'delivered', ?)")) {
        ps.setString(1, Ids.next());
        ps.setString(2, sid);
        ps.setLong(3, clock.instant().toEpochMilli());
        ps.executeUpdate();
      }

      HeldUpdates sweep = store.deliveries().sweepHeldDeliveryUpdates(Channel.SMS, clock.instant().minusSeconds(60))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(sweep.applied()).filteredOn(m -> m.id().equals(reply.id()))
          .singleElement().satisfies(m -> assertThat(m.delivery()).isEqualTo(DeliveryStatus.DELIVERED));
      assertThat(store.deliveries().sweepHeldDeliveryUpdates(Channel.SMS, clock.instant().minusSeconds(60)).toCompletableFuture()
          .get(10, TimeUnit.SECONDS).applied()).noneMatch(m -> m.id().equals(reply.id()));
    }
  }
}
