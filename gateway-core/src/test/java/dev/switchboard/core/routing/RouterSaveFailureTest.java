package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.EscalationConfig;
import dev.switchboard.config.Percent;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.testing.StoreFault;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
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

  /**
   * The accept's save fails after the router changed the conversation again (an agent's reply arrived while
   * the save waited behind another writer): the router keeps the assignment, since a later state is not
   * the one that failed. The agent, whose {@code assigned} was dropped with the failed save, must still be
   * told, once the assignment is saved; and the store must come to hold it.
   */
  @Test
  void anAssignmentKeptAfterAFailedSaveReachesTheAgentOnceItIsSaved() throws Exception {
    List<RoutingDecision.Assign> told = new CopyOnWriteArrayList<>();
    router.listen((d, saved) -> {
      if (d instanceof RoutingDecision.Assign a) {
        saved.thenRun(() -> told.add(a)); // what a desk shows: only what was committed
      }
    });
    await(router.agentConnected("alice"));
    ConversationId id = routers.sms("+15557770002", "is anyone there?").conversationId();
    await().until(() -> offeredTo("alice", id));
    Conversation before = routers.stored(id);

    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("switchboard.db"))) {
      try (Statement s = other.createStatement()) {
        // The accept's save (no response yet) fails; a save made after the reply does not.
        s.execute("CREATE TRIGGER refuse_unanswered_assignment BEFORE UPDATE ON conversations "
            + "WHEN NEW.assignee IS NOT NULL AND NEW.first_responded_at IS NULL "
            + "BEGIN SELECT RAISE(ABORT, 'assignment refused (test fault)'); END");
        s.execute("BEGIN IMMEDIATE"); // the router's saves wait behind this writer
      }
      assertThat(await(router.accept("alice", id))).isInstanceOf(CommandResult.Done.class);
      routers.events.publish(new GatewayEvent.MessageAdded(before, new Message(MessageId.random(), id, Direction.OUT,
          "alice", "I am here", null, List.of(), null, DeliveryStatus.PENDING, null, f.now())));
      await().until(() -> await(router.state("alice")).conversations().stream()
          .anyMatch(c -> c.id().equals(id) && c.firstRespondedAt() != null));
      try (Statement s = other.createStatement()) {
        s.execute("ROLLBACK");
      }
      await().untilAsserted(() -> assertThat(told).anySatisfy(a -> {
        assertThat(a.agent()).isEqualTo("alice");
        assertThat(a.conversation().id()).isEqualTo(id);
      }));
      await().untilAsserted(() -> assertThat(routers.stored(id).assignee()).isEqualTo("alice"));
      assertThat(router.assignee(id)).isEqualTo("alice");
      assertThat(await(router.state("alice")).conversations()).extracting(Conversation::id).containsExactly(id);
    }
    assertThat(failures("assignment_resent")).isEqualTo(1.0);
    assertThat(failures("assignment_undone") + failures("kept")).isZero();
  }

  /**
   * One step offers two conversations to two agents (both escalate out of the tier no one takes at the same
   * tick), and the store refuses the save of one of them: the other was saved, so its agent must get its
   * offer; only the offer whose save failed reaches no one.
   */
  @Test
  void aRefusedSaveDropsOnlyTheOfferOfTheConversationItWasAbout() throws Exception {
    f.agents.clear();
    f.agent("alice", List.of("vip"), List.of(), Map.of("sms", 1)).agent("bob", List.of("vip"), List.of(), Map.of("sms", 1));
    f.escalation = List.of(new EscalationConfig(Percent.parse("50%"), 1, true)); // basic (4h): at 2h, to anyone
    await(router.reconfigure(f.policy()));
    List<RoutingDecision.Offer> told = new CopyOnWriteArrayList<>();
    router.listen((d, saved) -> {
      if (d instanceof RoutingDecision.Offer o) {
        saved.thenRun(() -> told.add(o)); // what a desk shows: only what was committed
      }
    });
    await(router.agentConnected("alice"));
    await(router.agentConnected("bob"));
    ConversationId refused = routers.sms("+15557770003", "first").conversationId();
    ConversationId saved = routers.sms("+15557770004", "second").conversationId();
    await().until(() -> await(router.queue()).size() == 2);
    assertThat(Fixture.offers(routers.decisions)).isEmpty(); // basic: neither agent takes it yet

    try (StoreFault fault = StoreFault.on(dir.resolve("switchboard.db")).refuseSaving(refused)) {
      f.advance(Duration.ofHours(2));
      await(router.tick());
      await().untilAsserted(() -> assertThat(failures("kept")).isEqualTo(1.0));
    }
    List<RoutingDecision.Offer> made = Fixture.offers(routers.decisions);
    assertThat(made).extracting(o -> o.conversation().id()).containsExactlyInAnyOrder(refused, saved);
    RoutingDecision.Offer other = made.stream().filter(o -> o.conversation().id().equals(saved)).findFirst().orElseThrow();
    await().untilAsserted(() -> assertThat(told).singleElement().satisfies(o -> {
      assertThat(o.agent()).isEqualTo(other.agent());
      assertThat(o.conversation().id()).isEqualTo(saved);
    }));
    assertThat(routers.stored(saved).tier()).isEqualTo("standard");
    assertThat(routers.stored(refused).tier()).isEqualTo("basic");
  }

  private boolean offeredTo(String agent, ConversationId id) {
    return await(router.queue()).stream().anyMatch(e -> e.conversationId().equals(id) && agent.equals(e.offeredTo()));
  }

  private double failures(String outcome) {
    return routers.meters.get("switchboard.routing.save.failures").tag("outcome", outcome).counter().count();
  }
}
