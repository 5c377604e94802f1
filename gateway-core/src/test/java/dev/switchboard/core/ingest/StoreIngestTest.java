package dev.switchboard.core.ingest;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreIngestTest {

  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
  private final EventBus events = new EventBus();
  private final List<GatewayEvent> published = new CopyOnWriteArrayList<>();
  private Stores stores;
  private StoreIngest ingest;

  @BeforeEach
  void open() {
    stores = TestStores.sqlite(dir, clock);
    ingest = new StoreIngest(stores.conversations(), events);
    events.subscribe(published::add);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private IngestResult accept(InboundMessage m) throws Exception {
    return ingest.accept(m).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static InboundMessage.Builder chat(String visitor, String clientId) {
    return InboundMessage.builder(Channel.CHAT, Identity.chatVisitor(visitor), visitor + "/" + clientId, visitor)
        .text("hi " + clientId)
        .receivedAt(Instant.parse("2026-01-05T10:00:00Z"));
  }

  @Test
  void newConversationPublishesMessageAddedThenQueuedAfterTheCommit() throws Exception {
    List<Boolean> committedWhenPublished = new CopyOnWriteArrayList<>();
    events.subscribe(e -> {
      if (e instanceof GatewayEvent.MessageAdded added) {
        committedWhenPublished.add(stores.conversations().message(added.message().id()).toCompletableFuture()
            .orTimeout(10, SECONDS).join().isPresent());
      }
    });
    IngestResult r = accept(chat("v1", "c1").build());

    assertThat(published).hasSize(2);
    assertThat(published.get(0)).isInstanceOfSatisfying(GatewayEvent.MessageAdded.class, e -> {
      assertThat(e.message().id()).isEqualTo(r.messageId());
      assertThat(e.message().text()).isEqualTo("hi c1");
      assertThat(e.conversation().id()).isEqualTo(r.conversationId());
    });
    assertThat(published.get(1)).isInstanceOfSatisfying(GatewayEvent.ConversationQueued.class, e -> {
      assertThat(e.conversation().id()).isEqualTo(r.conversationId());
      assertThat(e.conversation().status()).isEqualTo(ConversationStatus.QUEUED);
      assertThat(e.newConversation()).isTrue();
      assertThat(e.automated()).isFalse();
    });
    assertThat(committedWhenPublished).containsExactly(true);
  }

  @Test
  void messageInAnOpenConversationOnlyAddsTheMessage() throws Exception {
    accept(chat("v2", "c1").build());
    published.clear();
    accept(chat("v2", "c2").build());

    assertThat(published).singleElement().isInstanceOf(GatewayEvent.MessageAdded.class);
  }

  @Test
  void duplicatePublishesNothing() throws Exception {
    accept(chat("v3", "c1").build());
    published.clear();
    IngestResult again = accept(chat("v3", "c1").build());

    assertThat(again).isInstanceOf(IngestResult.Duplicate.class);
    assertThat(published).isEmpty();
  }

  @Test
  void automatedMessageIsAddedButNotQueued() throws Exception {
    accept(chat("v4", "c1").automated(true).build());

    assertThat(published).singleElement().isInstanceOfSatisfying(GatewayEvent.MessageAdded.class,
        e -> assertThat(e.conversation().status()).isEqualTo(ConversationStatus.RESOLVED));
  }

  @Test
  void reopenedConversationIsQueuedAgainButNotAsNew() throws Exception {
    IngestResult first = accept(InboundMessage.builder(Channel.EMAIL, Identity.email("ann@example.com"), "<m1@x>",
        "<m1@x>").receivedAt(Instant.parse("2026-01-05T10:00:00Z")).build());
    Conversation c = stores.conversations().conversation(first.conversationId()).toCompletableFuture().orTimeout(10, SECONDS).join()
        .orElseThrow();
    stores.conversations().saveConversation(c.toBuilder().status(ConversationStatus.RESOLVED).assignee(null)
        .lastAgent("alice").firstResponseDue(null).nextResponseDue(null).firstRespondedAt(null).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join();
    published.clear();

    accept(InboundMessage.builder(Channel.EMAIL, Identity.email("ann@example.com"), "<m2@x>", "<m2@x>")
        .references(List.of("<m1@x>")).receivedAt(Instant.parse("2026-01-05T11:00:00Z")).build());

    assertThat(published).hasSize(2);
    assertThat(published.get(1)).isInstanceOfSatisfying(GatewayEvent.ConversationQueued.class, e -> {
      assertThat(e.conversation().id()).isEqualTo(first.conversationId());
      assertThat(e.newConversation()).isFalse();
    });
  }
}
