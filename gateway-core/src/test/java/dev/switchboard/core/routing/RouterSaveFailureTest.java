package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.testing.StoreFault;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  private StoredRouter routers;
  private Router router;

  @BeforeEach
  void open() {
    routers = new StoredRouter(dir, f);
    // Room for one SMS: a seat the failed save left taken would leave alice no room for the retry.
    f.agents.add(new AgentConfig("alice", "Alice", null, List.of(), List.of(), Map.of("sms", 1), false));
    f.supervisor("sam"); // never connected: offered nothing, may still assign
    router = routers.start();
  }

  @AfterEach
  void close() {
    routers.close();
  }

  @Test
  void anAcceptTheStoreRefusesIsUndoneAndTheConversationIsOfferedAgain() throws Exception {
    await(router.agentConnected("alice"));
    ConversationId id = routers.sms("+15557770000", "my parcel is late").conversationId();
    await().until(() -> offeredTo("alice", id));

    try (StoreFault fault = StoreFault.on(dir.resolve("switchboard.db")).refuseAssigning()) {
      assertThat(await(router.accept("alice", id))).isInstanceOf(CommandResult.Done.class);

      await().untilAsserted(() -> assertThat(failures("assignment_undone")).isEqualTo(1.0));
      // Back in the queue, alice's one seat free again (so it is offered to her at once), nothing held.
      await().until(() -> offeredTo("alice", id));
      assertThat(router.assignee(id)).isNull();
      assertThat(await(router.state("alice")).conversations()).isEmpty();
      assertThat(routers.stored(id).status()).isEqualTo(ConversationStatus.QUEUED);
      assertThat(routers.stored(id).assignee()).isNull();

      fault.heal();
      assertThat(await(router.accept("alice", id))).isInstanceOf(CommandResult.Done.class);
    }
    await().untilAsserted(() -> {
      assertThat(routers.stored(id).status()).isEqualTo(ConversationStatus.ASSIGNED);
      assertThat(routers.stored(id).assignee()).isEqualTo("alice");
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
    ConversationId id = routers.sms("+15557770001", "hello").conversationId();
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
    await().untilAsserted(() -> assertThat(routers.stored(id).assignee()).isEqualTo("alice"));
    assertThat(await(router.state("alice")).conversations()).extracting(Conversation::id).containsExactly(id);
  }

  private boolean offeredTo(String agent, ConversationId id) {
    return await(router.queue()).stream().anyMatch(e -> e.conversationId().equals(id) && agent.equals(e.offeredTo()));
  }

  private double failures(String outcome) {
    return routers.meters.get("switchboard.routing.save.failures").tag("outcome", outcome).counter().count();
  }
}
