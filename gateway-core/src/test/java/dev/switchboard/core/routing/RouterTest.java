package dev.switchboard.core.routing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.RuleConfig;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router actor against a real SQLite store, with the clock moved by hand. */
class RouterTest {

  @TempDir
  Path dir;

  private final Fixture f = new Fixture();
  private final EventBus events = new EventBus();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<RoutingDecision> decisions = new CopyOnWriteArrayList<>();
  private Stores stores;
  private StoreIngest ingest;
  private Router router;

  @BeforeEach
  void open() throws Exception {
    stores = TestStores.sqlite(dir, f.clock);
    ingest = new StoreIngest(stores.conversations(), events);
    f.agents.add(new AgentConfig("alice", "Alice", null, List.of(), List.of(), Map.of("sms", 2, "email", 2), false));
    f.rules = List.of(new RuleConfig(Map.of("contact.plan", "enterprise"), "vip", List.of()),
        new RuleConfig(Map.of("text", "(?i)invoice"), "basic", List.of("billing")),
        new RuleConfig(Map.of(), "standard", List.of()));
    Files.writeString(dir.resolve("contacts.csv"), "email,phone,plan\n,+15551230000,enterprise\n");
    f.directory = ContactDirectory.load(dir.resolve("contacts.csv"));
  }

  @AfterEach
  void close() {
    if (router != null) {
      router.close();
    }
    stores.close();
  }

  private Router startRouter() {
    Router r = Router.start(stores.conversations(), events, f.clock, meters, f.policy(), null)
        .toCompletableFuture().orTimeout(10, SECONDS).join();
    r.subscribe(decisions::add);
    return r;
  }

  private IngestResult sms(String from, String text) {
    return ingest.accept(InboundMessage.builder(Channel.SMS, Identity.phone(from), "SM" + System.nanoTime(),
        "+15550001111|" + from).text(text).receivedAt(f.now()).build()).toCompletableFuture().orTimeout(10, SECONDS).join();
  }

  private Conversation stored(ConversationId id) {
    return stores.conversations().conversation(id).toCompletableFuture().orTimeout(10, SECONDS).join().orElseThrow();
  }

  private List<Message> messages(ConversationId id) {
    return stores.conversations().messages(id).toCompletableFuture().orTimeout(10, SECONDS).join();
  }

  @Test
  void classifiesByTheContactsFileAndSavesTierAndDeadline() {
    router = startRouter();

    ConversationId vip = sms("+15551230000", "hello").conversationId();
    ConversationId billing = sms("+15557770000", "my invoice is wrong").conversationId();

    await().untilAsserted(() -> {
      assertThat(stored(vip).tier()).isEqualTo("vip");
      assertThat(stored(vip).firstResponseDue()).isEqualTo(f.now().plus(Duration.ofMinutes(2)));
      assertThat(stored(billing).tier()).isEqualTo("basic");
      assertThat(stored(billing).skills()).containsExactly("billing");
    });
    assertThat(router.queue().toCompletableFuture().orTimeout(10, SECONDS).join()).extracting(QueueView.Entry::conversationId)
        .containsExactly(vip, billing);
    assertThat(meters.get("switchboard.routing.queue.size").tag("tier", "vip").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void sendsTheAutoReplyWithTheExpectedWaitThroughTheOutboxOnce() {
    router = startRouter();

    ConversationId id = sms("+15557770000", "hi").conversationId();
    sms("+15557770000", "anyone there?");

    await().untilAsserted(() -> assertThat(messages(id)).filteredOn(m -> m.direction() == Direction.OUT)
        .singleElement().satisfies(m -> {
          assertThat(m.author()).isEqualTo("system");
          assertThat(m.text()).isEqualTo("Thanks, we have your message. Expected reply within 15 minutes.");
        }));
    assertThat(stores.conversations().dueOutbox(f.now(), 10).toCompletableFuture().orTimeout(10, SECONDS).join())
        .extracting(e -> e.conversationId()).containsExactly(id);
  }

  @Test
  void neverAutoRepliesToAutomatedMessages() {
    router = startRouter();
    Conversation c = stores.conversations().openConversation(
        stores.conversations().resolveContact(Identity.email("mailer-daemon@example.com"), null)
            .toCompletableFuture().orTimeout(10, SECONDS).join().id(), Channel.EMAIL, "<bounce@x>", "Undeliverable")
        .toCompletableFuture().orTimeout(10, SECONDS).join();

    events.publish(new GatewayEvent.ConversationQueued(c, true, true));

    await().untilAsserted(() -> assertThat(stored(c.id()).tier()).isNotNull());
    assertThat(messages(c.id())).isEmpty();
  }

  @Test
  void rebuildsWaitingConversationsAssignmentsAndTimersAfterARestart() {
    router = startRouter();
    router.agentConnected("alice").toCompletableFuture().orTimeout(10, SECONDS).join();
    ConversationId held = sms("+15557770000", "first").conversationId();
    await().until(() -> router.queue().toCompletableFuture().orTimeout(10, SECONDS).join().stream()
        .anyMatch(e -> "alice".equals(e.offeredTo())));
    assertThat(router.accept("alice", held).toCompletableFuture().orTimeout(10, SECONDS).join()).isInstanceOf(CommandResult.Done.class);
    router.agentConnected("alice").toCompletableFuture().orTimeout(10, SECONDS).join();
    router.agentDisconnected("alice").toCompletableFuture().orTimeout(10, SECONDS).join();
    ConversationId waiting = sms("+15551230000", "second").conversationId();
    await().untilAsserted(() -> {
      assertThat(stored(held).status()).isEqualTo(ConversationStatus.ASSIGNED);
      assertThat(stored(waiting).tier()).isEqualTo("vip");
    });
    router.close();

    f.advance(Duration.ofSeconds(30));
    decisions.clear();
    router = startRouter();

    assertThat(router.queue().toCompletableFuture().orTimeout(10, SECONDS).join()).extracting(QueueView.Entry::conversationId)
        .containsExactly(waiting);
    assertThat(router.assignee(held)).isEqualTo("alice");
    assertThat(router.state("alice").toCompletableFuture().orTimeout(10, SECONDS).join().conversations())
        .extracting(Conversation::id).containsExactly(held);

    // alice does not come back: after the grace period the held one is requeued
    f.advance(Duration.ofMinutes(2));
    router.tick().toCompletableFuture().orTimeout(10, SECONDS).join();
    await().untilAsserted(() -> assertThat(stored(held).status()).isEqualTo(ConversationStatus.QUEUED));
    assertThat(decisions).filteredOn(RoutingDecision.Release.class::isInstance).hasSize(1);

    // the vip one's first-response target (2m) has passed: the breach is reported once, per tier
    assertThat(meters.get("switchboard.routing.sla.breaches").tag("tier", "vip").tag("kind", "first_response").counter().count()).isEqualTo(1.0);
  }

  @Test
  void anAgentsCommandRunsBeforeABacklogOfArrivalsQueuedAheadOfIt() throws Exception {
    router = startRouter();
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
      sms("+1555888" + (1000 + i), "outage " + i);
    }
    await().until(() -> router.mailbox().pendingWork() >= arrivals);
    int backlog = router.mailbox().pendingWork();

    // runs on the router thread right after the command: how much of the backlog was still waiting then
    CompletableFuture<Integer> stillWaiting = router.presence("alice", Presence.AWAY).toCompletableFuture()
        .thenApply(r -> router.mailbox().pendingWork());
    CompletableFuture<Router.AgentState> ready = router.state("alice").toCompletableFuture();
    hold.countDown();

    assertThat(stillWaiting.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(backlog);
    assertThat(ready.get(10, TimeUnit.SECONDS).presence()).isEqualTo(Presence.AWAY);
    await().untilAsserted(() -> assertThat(router.queue().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .hasSize(arrivals));
  }
}
