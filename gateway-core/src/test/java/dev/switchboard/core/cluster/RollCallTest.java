package dev.switchboard.core.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.config.RoutingConfig;
import dev.switchboard.config.RuleConfig;
import dev.switchboard.config.TierConfig;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.routing.ContactDirectory;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.routing.RoutingPolicy;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new leader's roll call on real PostgreSQL: gw-a (a follower) has chat visitors connected, gw-b takes
 * over with a router that never heard their {@code QueueWatched}; after the roll call gw-b's router knows
 * them and pushes the waiting one its place, which reaches gw-a, where the visitor is.
 */
class RollCallTest {

  @TempDir
  Path dir;

  private ClusterSchemaFixture db;
  private Stores stores;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
  private final EventBus busA = new EventBus();
  private final EventBus busB = new EventBus();
  private final List<GatewayEvent> onA = new CopyOnWriteArrayList<>();
  private final List<GatewayEvent> onB = new CopyOnWriteArrayList<>();
  private ClusterEvents a;
  private ClusterEvents b;
  private Router router;

  @BeforeEach
  void open() throws SQLException {
    db = ClusterSchemaFixture.create();
    stores = Stores.open(db.storage(dir), clock, meters);
    db.migrate();
    a = ClusterEvents.start(db.source, "gw-a", busA, stores.conversations(), meters);
    b = ClusterEvents.start(db.source, "gw-b", busB, stores.conversations(), meters);
    busA.subscribe(onA::add);
    busB.subscribe(onB::add);
  }

  @AfterEach
  void close() throws Exception {
    if (router != null) {
      router.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {a, b}) {
      if (c != null) {
        c.close();
      }
    }
    if (stores != null) {
      stores.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void theNewLeaderLearnsTheChatsWatchedOnEveryNode() throws Exception {
    ConversationId onFollower = ConversationId.random();
    ConversationId left = ConversationId.random();
    ConversationId onLeader = ConversationId.random();
    // As the chat channel says it: first connection opened, last one closed, on the node of the visitor.
    busA.publish(new GatewayEvent.QueueWatched(onFollower, true));
    busA.publish(new GatewayEvent.QueueWatched(left, true));
    busA.publish(new GatewayEvent.QueueWatched(left, false));
    busB.publish(new GatewayEvent.QueueWatched(onLeader, true));
    await().atMost(Duration.ofSeconds(10)).until(() -> onB.size() == 4 && onA.size() == 4);
    onA.clear();
    onB.clear();

    b.rollCall().start(LeaderTerm.of(7, stores.conversations()));

    await().atMost(Duration.ofSeconds(10)).until(() -> onB.contains(new GatewayEvent.QueueWatched(onFollower, true)));
    assertThat(onB).contains(new GatewayEvent.QueueWatched(onLeader, true));
    // gw-a answers with what is watched there now, once; nothing of the visitor who left.
    GatewayEvent marker = new GatewayEvent.CustomerTyping(ConversationId.random());
    busA.publish(marker);
    await().atMost(Duration.ofSeconds(10)).until(() -> onB.contains(marker));
    assertThat(onB).containsExactlyInAnyOrder(new GatewayEvent.QueueWatched(onLeader, true),
        new GatewayEvent.QueueWatched(onFollower, true), marker);
    // The leader's own chats were said on its bus only: gw-a hears nothing of them.
    assertThat(onA).containsExactly(marker);
  }

  @Test
  void aNewLeadersRouterPushesThePlaceToAVisitorOnAFollower() throws Exception {
    String visitor = "v-" + UUID.randomUUID();
    ConversationId chat = stores.conversations().ingestDetailed(InboundMessage.builder(Channel.CHAT,
            Identity.chatVisitor(visitor), UUID.randomUUID().toString(), visitor).text("hello")
            .receivedAt(clock.instant()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join().conversation().id();
    busA.publish(new GatewayEvent.QueueWatched(chat, true)); // the visitor is connected to gw-a
    await().atMost(Duration.ofSeconds(10)).until(() -> onB.contains(new GatewayEvent.QueueWatched(chat, true)));

    // gw-b takes over: its router rebuilds the queue from the store and has heard no visitor.
    RoutingConfig routing = RoutingConfig.builder()
        .tiers(List.of(new TierConfig("standard", Duration.ofMinutes(15), Duration.ofHours(1))))
        .rules(List.of(new RuleConfig(Map.of(), "standard", List.of()))).build();
    router = Router.start(stores.conversations(), busB, clock, meters,
        RoutingPolicy.of(routing, List.of(), ContactDirectory.empty()), null).toCompletableFuture()
        .orTimeout(10, SECONDS).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> await(router.queue()).size() == 1);
    router.tick().toCompletableFuture().orTimeout(10, SECONDS).join();
    assertThat(onA).noneMatch(GatewayEvent.QueuePlace.class::isInstance);

    b.rollCall().start(LeaderTerm.of(8, stores.conversations()));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onA)
        .filteredOn(GatewayEvent.QueuePlace.class::isInstance).map(e -> (GatewayEvent.QueuePlace) e)
        .anySatisfy(p -> {
          assertThat(p.conversationId()).isEqualTo(chat);
          assertThat(p.position()).isEqualTo(1);
        }));
  }
}
