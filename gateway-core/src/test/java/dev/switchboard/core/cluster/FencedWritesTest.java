package dev.switchboard.core.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.StaleTermException;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leader-only writes carry their term, and the database refuses them once the lease moved on. */
class FencedWritesTest {

  @TempDir
  Path dir;

  private ClusterSchemaFixture db;
  private Stores stores;
  private LeaseTable table;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");

  @BeforeEach
  void open() throws SQLException {
    db = ClusterSchemaFixture.create();
    stores = Stores.open(db.storage(dir), clock, meters);
    db.migrate(); // after the store's own migrations, as the gateway does
    table = new LeaseTable(db.source, Duration.ofSeconds(5));
  }

  @AfterEach
  void close() throws SQLException {
    if (stores != null) {
      stores.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void deposedLeadersRouterAndOutboxWritesAreRefusedByTheDatabase() throws SQLException {
    ConversationStore store = stores.conversations();
    Conversation c = store.ingestDetailed(InboundMessage.builder(Channel.SMS, Identity.phone("+15550002222"), "SM1",
        "+15550001111|+15550002222").text("hello").receivedAt(clock.instant()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join().conversation();

    NodeIdentity a = NodeIdentity.start("gw-a", URI.create("http://gw-a:8080"));
    NodeIdentity b = NodeIdentity.start("gw-b", URI.create("http://gw-b:8080"));
    long termA = table.tryAcquire(a).orElseThrow();
    ConversationStore asA = store.fencedAt(termA);
    assertThat(join(asA.saveConversation(tier(c, "vip"))).tier()).isEqualTo("vip");

    db.expireLease();
    long termB = table.tryAcquire(b).orElseThrow();
    assertThat(termB).isEqualTo(termA + 1);

    assertThatThrownBy(() -> join(asA.saveConversation(tier(c, "basic"))))
        .hasCauseInstanceOf(StaleTermException.class)
        .hasMessageContaining("saveConversation refused: issued under lease term 1, the lease is at term 2");
    assertThatThrownBy(() -> join(asA.reclaimInterruptedSends(clock.instant())))
        .hasCauseInstanceOf(StaleTermException.class);
    assertThatThrownBy(() -> join(asA.hurryPendingOutbox(Channel.SMS, clock.instant(), 1)))
        .hasCauseInstanceOf(StaleTermException.class);
    assertThat(join(store.conversation(c.id())).orElseThrow().tier()).isEqualTo("vip");

    ConversationStore asB = store.fencedAt(termB);
    assertThat(join(asB.saveConversation(tier(c, "standard"))).tier()).isEqualTo("standard");
    assertThat(meters.counter("switchboard.cluster.fenced", "operation", "saveConversation").count()).isEqualTo(1);
    // Writes anyone may make (a customer's message on any node) carry no term.
    assertThat(join(asA.ingest(InboundMessage.builder(Channel.SMS, Identity.phone("+15550002222"), "SM2",
        "+15550001111|+15550002222").text("still there?").receivedAt(clock.instant()).build()))).isNotNull();
  }

  private static Conversation tier(Conversation c, String tier) {
    return new Conversation(c.id(), c.ref(), c.contactId(), c.channel(), c.threadKey(), c.subject(), c.status(), tier,
        c.skills(), c.assignee(), c.lastAgent(), c.queuedAt(), c.firstResponseDue(), c.nextResponseDue(),
        c.firstRespondedAt(), c.createdAt(), c.updatedAt());
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(10, SECONDS).join();
  }
}
