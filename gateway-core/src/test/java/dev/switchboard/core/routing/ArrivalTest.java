package dev.switchboard.core.routing;

import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.store.ArrivalFacts.Handled;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the router reads about an arriving conversation, from a real SQLite store, in one read job. */
class ArrivalTest {

  @TempDir
  Path dir;

  private final Fixture f = new Fixture();
  private StoredRouter routers;

  @BeforeEach
  void open() {
    routers = new StoredRouter(dir, f);
  }

  @AfterEach
  void close() {
    routers.close();
  }

  @Test
  void readsTheContactTheMessagesAndTheLastAgentOfTheContactsRecentConversation() {
    Conversation earlier = routers.stored(routers.sms("+15550002222", "my order is late").conversationId());
    await(routers.stores.conversations().saveConversation(earlier.toBuilder()
        .status(ConversationStatus.RESOLVED).lastAgent("alice").build().withUpdatedAt(f.now())));
    f.advance(Duration.ofHours(1));
    Conversation now = routers.stored(routers.sms("+15550002222", "still nothing").conversationId());
    assertThat(now.id()).isNotEqualTo(earlier.id());

    Arrival arrival = await(Arrival.read(routers.stores.conversations(), now));

    assertThat(arrival.contact()).isNotNull();
    assertThat(arrival.contact().id()).isEqualTo(now.contactId());
    assertThat(arrival.lastInboundText()).isEqualTo("still nothing");
    assertThat(arrival.history()).extracting(Handled::id).containsExactly(now.id(), earlier.id());
    assertThat(arrival.history().get(1).lastAgent()).isEqualTo("alice");
    assertThat(arrival.sticky(f.policy(), f.now())).isEqualTo("alice");
    assertThat(arrival.subject(f.policy(), f.now()).text()).isEqualTo("still nothing");
  }

  @Test
  void theHistoryIsTheContactsNewestConversationsThisOneAmongThem() {
    Conversation last = null;
    for (int i = 0; i < Arrival.HISTORY + 5; i++) {
      Conversation c = routers.stored(routers.sms("+15550003333", "message " + i).conversationId());
      await(routers.stores.conversations().saveConversation(c.toBuilder().status(ConversationStatus.RESOLVED).build()));
      f.advance(Duration.ofMinutes(1));
      last = c;
    }
    Conversation now = routers.stored(routers.sms("+15550003333", "again").conversationId());

    Arrival arrival = await(Arrival.read(routers.stores.conversations(), now));

    assertThat(arrival.history()).hasSize(Arrival.HISTORY).first().isEqualTo(Handled.of(now));
    assertThat(arrival.history().get(1).id()).isEqualTo(last.id());
    assertThat(arrival.history()).extracting(Handled::id).doesNotHaveDuplicates();
  }
}
