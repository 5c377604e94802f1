package dev.switchboard.core.routing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.RuleConfig;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router actor against a real SQLite store, with the clock moved by hand. */
class RouterTest {

  @TempDir
  Path dir;

  private final Fixture f = new Fixture();
  private StoredRouter routers;
  private Router router;

  @BeforeEach
  void open() throws Exception {
    routers = new StoredRouter(dir, f);
    f.agents.add(new AgentConfig("alice", "Alice", null, List.of(), List.of(), Map.of("sms", 2, "email", 2), false));
    f.rules = List.of(new RuleConfig(Map.of("contact.plan", "enterprise"), "vip", List.of()),
        new RuleConfig(Map.of("text", "(?i)invoice"), "basic", List.of("billing")),
        new RuleConfig(Map.of(), "standard", List.of()));
    Files.writeString(dir.resolve("contacts.csv"), "email,phone,plan\n,+15551230000,enterprise\n");
    f.directory = ContactDirectory.load(dir.resolve("contacts.csv"));
  }

  @AfterEach
  void close() {
    routers.close();
  }

  private List<Message> messages(ConversationId id) {
    return routers.stores.conversations().messages(id).toCompletableFuture().orTimeout(10, SECONDS).join();
  }

  @Test
  void classifiesByTheContactsFileAndSavesTierAndDeadline() {
    router = routers.start();

    ConversationId vip = routers.sms("+15551230000", "hello").conversationId();
    ConversationId billing = routers.sms("+15557770000", "my invoice is wrong").conversationId();

    await().untilAsserted(() -> {
      assertThat(routers.stored(vip).tier()).isEqualTo("vip");
      assertThat(routers.stored(vip).firstResponseDue()).isEqualTo(f.now().plus(Duration.ofMinutes(2)));
      assertThat(routers.stored(billing).tier()).isEqualTo("basic");
      assertThat(routers.stored(billing).skills()).containsExactly("billing");
    });
    assertThat(router.queue().toCompletableFuture().orTimeout(10, SECONDS).join()).extracting(QueueView.Entry::conversationId)
        .containsExactly(vip, billing);
    assertThat(routers.meters.get("switchboard.routing.queue.size").tag("tier", "vip").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void sendsTheAutoReplyWithTheExpectedWaitThroughTheOutboxOnce() {
    router = routers.start();

    ConversationId id = routers.sms("+15557770000", "hi").conversationId();
    routers.sms("+15557770000", "anyone there?");

    await().untilAsserted(() -> assertThat(messages(id)).filteredOn(m -> m.direction() == Direction.OUT)
        .singleElement().satisfies(m -> {
          assertThat(m.author()).isEqualTo("system");
          assertThat(m.text()).isEqualTo("Thanks, we have your message. Expected reply within 15 minutes.");
        }));
    assertThat(routers.stores.conversations().deliveries().dueOutbox(f.now(), Channel.SMS, 10).toCompletableFuture()
        .orTimeout(10, SECONDS).join())
        .extracting(e -> e.conversationId()).containsExactly(id);
  }

  @Test
  void neverAutoRepliesToAutomatedMessages() {
    router = routers.start();
    Conversation c = routers.stores.conversations().openConversation(
        routers.stores.conversations().contacts().resolve(Identity.email("mailer-daemon@example.com"), null)
            .toCompletableFuture().orTimeout(10, SECONDS).join().id(), Channel.EMAIL, "<bounce@x>", "Undeliverable")
        .toCompletableFuture().orTimeout(10, SECONDS).join();

    routers.events.publish(new GatewayEvent.ConversationQueued(c, true, true));

    await().untilAsserted(() -> assertThat(routers.stored(c.id()).tier()).isNotNull());
    assertThat(messages(c.id())).isEmpty();
  }

  @Test
  void rebuildsWaitingConversationsAssignmentsAndTimersAfterARestart() {
    router = routers.start();
    router.agentConnected("alice").toCompletableFuture().orTimeout(10, SECONDS).join();
    ConversationId held = routers.sms("+15557770000", "first").conversationId();
    await().until(() -> router.queue().toCompletableFuture().orTimeout(10, SECONDS).join().stream()
        .anyMatch(e -> "alice".equals(e.offeredTo())));
    assertThat(router.accept("alice", held).toCompletableFuture().orTimeout(10, SECONDS).join()).isInstanceOf(CommandResult.Done.class);
    router.agentConnected("alice").toCompletableFuture().orTimeout(10, SECONDS).join();
    router.agentDisconnected("alice").toCompletableFuture().orTimeout(10, SECONDS).join();
    ConversationId waiting = routers.sms("+15551230000", "second").conversationId();
    await().untilAsserted(() -> {
      assertThat(routers.stored(held).status()).isEqualTo(ConversationStatus.ASSIGNED);
      assertThat(routers.stored(waiting).tier()).isEqualTo("vip");
    });
    router.close();

    f.advance(Duration.ofSeconds(30));
    routers.decisions.clear();
    router = routers.start();

    assertThat(router.queue().toCompletableFuture().orTimeout(10, SECONDS).join()).extracting(QueueView.Entry::conversationId)
        .containsExactly(waiting);
    assertThat(router.assignee(held)).isEqualTo("alice");
    assertThat(router.state("alice").toCompletableFuture().orTimeout(10, SECONDS).join().conversations())
        .extracting(Conversation::id).containsExactly(held);

    // alice does not come back: after the grace period the held one is requeued
    f.advance(Duration.ofMinutes(2));
    router.tick().toCompletableFuture().orTimeout(10, SECONDS).join();
    await().untilAsserted(() -> assertThat(routers.stored(held).status()).isEqualTo(ConversationStatus.QUEUED));
    assertThat(routers.decisions).filteredOn(RoutingDecision.Release.class::isInstance).hasSize(1);

    // the vip one's first-response target (2m) has passed: the breach is reported once, per tier
    assertThat(routers.meters.get("switchboard.routing.sla.breaches").tag("tier", "vip").tag("kind", "first_response").counter().count()).isEqualTo(1.0);
  }

  @Test
  void anAgentsCommandRunsBeforeABacklogOfArrivalsQueuedAheadOfIt() throws Exception {
    router = routers.start();
    router.agentConnected("alice").toCompletableFuture().get(10, TimeUnit.SECONDS);
    CountDownLatch hold = new CountDownLatch(1);
    router.mailbox().work(() -> {
      try {
        hold.await(30, TimeUnit.SECONDS); // holds the router thread while the backlog builds up
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    int arrivals = 40;
    for (int i = 0; i < arrivals; i++) {
      routers.sms("+1555888" + (1000 + i), "outage " + i);
    }
    await().until(() -> router.mailbox().pendingWork() >= arrivals);
    int backlog = router.mailbox().pendingWork();

    // runs on the router thread right after the command: how much of the backlog was still waiting then
    CompletableFuture<Integer> stillWaiting = router.presence("alice", Presence.AWAY).toCompletableFuture()
        .thenApply(r -> router.mailbox().pendingWork());
    CompletableFuture<AgentState> ready = router.state("alice").toCompletableFuture();
    hold.countDown();

    assertThat(stillWaiting.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(backlog);
    assertThat(ready.get(10, TimeUnit.SECONDS).presence()).isEqualTo(Presence.AWAY);
    await().untilAsserted(() -> assertThat(router.queue().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .hasSize(arrivals));
  }
}
