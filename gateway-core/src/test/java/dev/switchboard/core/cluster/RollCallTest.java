package dev.switchboard.core.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.config.RoutingConfig;
import dev.switchboard.config.RuleConfig;
import dev.switchboard.config.TierConfig;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.routing.ContactDirectory;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.routing.RoutingPolicy;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new leader's roll call on real PostgreSQL: gw-a (a follower) has chat visitors connected, gw-b takes
 * over with a router that never heard their {@code QueueWatched}; after the roll call gw-b's router knows
 * them and pushes the waiting one its place, which reaches gw-a, where the visitor is. Each node then
 * publishes {@code LeaderTookOver} on its own bus.
 */
class RollCallTest {

  @TempDir
  Path dir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
  private TwoNodeRelays nodes;
  private Router router;

  @BeforeEach
  void open() throws SQLException {
    nodes = TwoNodeRelays.open(dir, clock, meters);
  }

  @AfterEach
  void close() throws Exception {
    if (router != null) {
      router.close();
    }
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void theNewLeaderLearnsTheChatsWatchedOnEveryNode() throws Exception {
    ConversationId onFollower = ConversationId.random();
    ConversationId left = ConversationId.random();
    ConversationId onLeader = ConversationId.random();
    // As the chat channel says it: first connection opened, last one closed, on the node of the visitor.
    nodes.busA.publish(new GatewayEvent.QueueWatched(onFollower, true));
    nodes.busA.publish(new GatewayEvent.QueueWatched(left, true));
    nodes.busA.publish(new GatewayEvent.QueueWatched(left, false));
    nodes.busB.publish(new GatewayEvent.QueueWatched(onLeader, true));
    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.onB.size() == 4 && nodes.onA.size() == 4);
    nodes.onA.clear();
    nodes.onB.clear();

    nodes.b.rollCall().start(LeaderTerm.of(7, nodes.stores.conversations()));

    await().atMost(Duration.ofSeconds(10))
        .until(() -> nodes.onB.contains(new GatewayEvent.QueueWatched(onFollower, true)));
    assertThat(nodes.onB).contains(new GatewayEvent.QueueWatched(onLeader, true));
    // Both nodes hear, each on its own bus, that a new leader took over (a chat catches up its replies).
    GatewayEvent tookOver = new GatewayEvent.LeaderTookOver();
    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.onA.contains(tookOver));
    // gw-a answers with what is watched there now, once; nothing of the visitor who left.
    GatewayEvent marker = new GatewayEvent.CustomerTyping(ConversationId.random());
    nodes.busA.publish(marker);
    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.onB.contains(marker));
    assertThat(nodes.onB).containsExactlyInAnyOrder(new GatewayEvent.QueueWatched(onLeader, true),
        new GatewayEvent.QueueWatched(onFollower, true), tookOver, marker);
    // The leader's own chats were said on its bus only: gw-a hears nothing of them; nor does either node
    // hear the other's LeaderTookOver (once each).
    assertThat(nodes.onA).containsExactly(tookOver, marker);
  }

  @Test
  void aNewLeadersRouterPushesThePlaceToAVisitorOnAFollower() throws Exception {
    String visitor = "v-" + UUID.randomUUID();
    ConversationId chat = nodes.stores.conversations().ingestDetailed(InboundMessage.builder(Channel.CHAT,
            Identity.chatVisitor(visitor), UUID.randomUUID().toString(), visitor).text("hello")
            .receivedAt(clock.instant()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join().conversation().id();
    nodes.busA.publish(new GatewayEvent.QueueWatched(chat, true)); // the visitor is connected to gw-a
    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.onB.contains(new GatewayEvent.QueueWatched(chat, true)));

    // gw-b takes over: its router rebuilds the queue from the store and has heard no visitor.
    RoutingConfig routing = RoutingConfig.builder()
        .tiers(List.of(new TierConfig("standard", Duration.ofMinutes(15), Duration.ofHours(1))))
        .rules(List.of(new RuleConfig(Map.of(), "standard", List.of()))).build();
    router = Router.start(nodes.stores.conversations(), nodes.busB, clock, meters,
        RoutingPolicy.of(routing, List.of(), ContactDirectory.empty()), null).toCompletableFuture()
        .orTimeout(10, SECONDS).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> await(router.queue()).size() == 1);
    router.tick().toCompletableFuture().orTimeout(10, SECONDS).join();
    assertThat(nodes.onA).noneMatch(GatewayEvent.QueuePlace.class::isInstance);

    nodes.b.rollCall().start(LeaderTerm.of(8, nodes.stores.conversations()));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(nodes.onA)
        .filteredOn(GatewayEvent.QueuePlace.class::isInstance).map(e -> (GatewayEvent.QueuePlace) e)
        .anySatisfy(p -> {
          assertThat(p.conversationId()).isEqualTo(chat);
          assertThat(p.position()).isEqualTo(1);
        }));
  }
}
