package dev.switchboard.core.routing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.StoreFault;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router against a real SQLite file whose conversations refuse to take an assignee (a trigger aborts
 * the update, as a full disk or a lost connection would): an assignment the store did not save must not
 * stay in the router.
 */
class RouterSaveFailureTest {

  @TempDir
  Path dir;

  private final Fixture f = new Fixture();
  private final EventBus events = new EventBus();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<RoutingDecision> decisions = new CopyOnWriteArrayList<>();
  private Stores stores;
  private Router router;

  @BeforeEach
  void open() {
    stores = TestStores.sqlite(dir, f.clock);
    // Room for one SMS: a seat the failed save left taken would leave alice no room for the retry.
    f.agents.add(new AgentConfig("alice", "Alice", null, List.of(), List.of(), Map.of("sms", 1), false));
    f.supervisor("sam"); // never connected: offered nothing, may still assign
    router = Router.start(stores.conversations(), events, f.clock, meters, f.policy(), null)
        .toCompletableFuture().orTimeout(10, SECONDS).join();
    router.subscribe(decisions::add);
  }

  @AfterEach
  void close() {
    router.close();
    stores.close();
  }

  @Test
  void anAcceptTheStoreRefusesIsUndoneAndTheConversationIsOfferedAgain() throws Exception {
    await(router.agentConnected("alice"));
    ConversationId id = sms("+15557770000", "my parcel is late");
    await().until(() -> offeredTo("alice", id));

    try (StoreFault fault = StoreFault.on(dir.resolve("switchboard.db")).refuseAssigning()) {
      assertThat(await(router.accept("alice", id))).isInstanceOf(CommandResult.Done.class);

      await().untilAsserted(() -> assertThat(failures("assignment_undone")).isEqualTo(1.0));
      // Back in the queue, alice's one seat free again (so it is offered to her at once), nothing held.
      await().until(() -> offeredTo("alice", id));
      assertThat(router.assignee(id)).isNull();
      assertThat(await(router.state("alice")).conversations()).isEmpty();
      assertThat(stored(id).status()).isEqualTo(ConversationStatus.QUEUED);
      assertThat(stored(id).assignee()).isNull();

      fault.heal();
      assertThat(await(router.accept("alice", id))).isInstanceOf(CommandResult.Done.class);
    }
    await().untilAsserted(() -> {
      assertThat(stored(id).status()).isEqualTo(ConversationStatus.ASSIGNED);
      assertThat(stored(id).assignee()).isEqualTo("alice");
    });
    assertThat(router.assignee(id)).isEqualTo("alice");
    assertThat(await(router.state("alice")).conversations()).extracting(Conversation::id).containsExactly(id);
    assertThat(await(router.queue())).isEmpty();
    assertThat(failures("assignment_undone")).isEqualTo(1.0);
    assertThat(failures("kept")).isZero();
  }

  @Test
  void aSupervisorsAssignmentTheStoreRefusesIsUndone() throws Exception {
    await(router.agentConnected("alice"));
    ConversationId id = sms("+15557770001", "hello");
    await().until(() -> offeredTo("alice", id));

    try (StoreFault fault = StoreFault.on(dir.resolve("switchboard.db")).refuseAssigning()) {
      assertThat(await(router.assignWaiting("sam", id, "alice"))).isInstanceOf(CommandResult.Done.class);
      await().untilAsserted(() -> assertThat(failures("assignment_undone")).isEqualTo(1.0));
      await().until(() -> offeredTo("alice", id));
      assertThat(await(router.state("alice")).conversations()).isEmpty();
      assertThat(router.assignee(id)).isNull();
      fault.heal();
    }
    assertThat(await(router.assignWaiting("sam", id, "alice"))).isInstanceOf(CommandResult.Done.class);
    await().untilAsserted(() -> assertThat(stored(id).assignee()).isEqualTo("alice"));
    assertThat(await(router.state("alice")).conversations()).extracting(Conversation::id).containsExactly(id);
  }

  private boolean offeredTo(String agent, ConversationId id) {
    return await(router.queue()).stream().anyMatch(e -> e.conversationId().equals(id) && agent.equals(e.offeredTo()));
  }

  private double failures(String outcome) {
    return meters.get("switchboard.routing.save.failures").tag("outcome", outcome).counter().count();
  }

  private ConversationId sms(String from, String text) {
    return new StoreIngest(stores.conversations(), events).accept(InboundMessage.builder(Channel.SMS,
            Identity.phone(from), "SM" + System.nanoTime(), "+15550001111|" + from).text(text).receivedAt(f.now()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join().conversationId();
  }

  private Conversation stored(ConversationId id) {
    return await(stores.conversations().conversation(id)).orElseThrow();
  }
}
