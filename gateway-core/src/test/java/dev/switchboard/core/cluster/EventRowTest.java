package dev.switchboard.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a row in {@code cluster_events} carries, and the event the receiving node rebuilds from it. */
class EventRowTest {

  private static final ConversationId ID = ConversationId.random();

  private static Conversation conversation(Channel channel) {
    Instant t = Instant.parse("2026-11-30T10:00:00Z");
    return Conversation.builder(ID, "REF1", ContactId.random(), channel, "visitor-1", t)
        .status(ConversationStatus.ASSIGNED).tier("standard").assignee("alice").lastAgent("alice").queuedAt(t)
        .build();
  }

  /** The event as the receiving node rebuilds it from the row (with the store's copy of the conversation). */
  private static GatewayEvent crossed(GatewayEvent e, Conversation stored) {
    EventRow row = EventRow.of(e).orElseThrow();
    return row.event(row.kind().readsConversation() ? stored : null, null);
  }

  @Test
  void aChatsPlaceInLineCrossesWithItsPositionAndEtaOrWithoutAnEta() {
    GatewayEvent.QueuePlace known = new GatewayEvent.QueuePlace(ID, 3, Optional.of(Duration.ofSeconds(95)));
    GatewayEvent.QueuePlace unknown = new GatewayEvent.QueuePlace(ID, 12, Optional.empty());
    assertThat(crossed(known, null)).isEqualTo(known);
    assertThat(crossed(unknown, null)).isEqualTo(unknown);
  }

  @Test
  void watchingAndTypingCrossWithoutAStoreRead() {
    for (GatewayEvent e : List.of(new GatewayEvent.QueueWatched(ID, true), new GatewayEvent.QueueWatched(ID, false),
        new GatewayEvent.AgentTyping(ID, "alice"), new GatewayEvent.CustomerTyping(ID))) {
      assertThat(EventRow.of(e).orElseThrow().kind().readsConversation()).isFalse();
      assertThat(crossed(e, null)).isEqualTo(e);
    }
  }

  @Test
  void onlyAChatsStatusChangeCrossesAndTheReceiverTakesTheStoredConversation() {
    Conversation chat = conversation(Channel.CHAT);
    assertThat(crossed(new GatewayEvent.ConversationUpdated(chat), chat))
        .isEqualTo(new GatewayEvent.ConversationUpdated(chat));
    assertThat(EventRow.of(new GatewayEvent.ConversationUpdated(conversation(Channel.SMS)))).isEmpty();
  }
}
