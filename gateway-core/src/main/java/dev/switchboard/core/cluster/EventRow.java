package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.MessageId;
import java.util.Optional;

/**
 * An event as it crosses nodes in {@code cluster_events}: what happened and to which ids; the conversation
 * and message themselves are read from the store by the node that receives it.
 */
record EventRow(Kind kind, ConversationId conversation, MessageId message, boolean newConversation,
    boolean automated, DeliveryStatus delivery, String detail) {

  /** The events other nodes need: intake for the leader's router, delivery states for its desk. */
  enum Kind {
    MESSAGE_ADDED, CONVERSATION_QUEUED, DELIVERY_UPDATED
  }

  EventRow {
    requireNonNull(kind, "kind");
    requireNonNull(conversation, "conversation");
  }

  /** The row for a local event that other nodes need, or empty for one that stays on this node. */
  static Optional<EventRow> of(GatewayEvent event) {
    if (event instanceof GatewayEvent.MessageAdded m) {
      return Optional.of(new EventRow(Kind.MESSAGE_ADDED, m.conversation().id(), m.message().id(), false, false,
          null, null));
    }
    if (event instanceof GatewayEvent.ConversationQueued q) {
      return Optional.of(new EventRow(Kind.CONVERSATION_QUEUED, q.conversation().id(), null, q.newConversation(),
          q.automated(), null, null));
    }
    if (event instanceof GatewayEvent.DeliveryUpdated d) {
      return Optional.of(new EventRow(Kind.DELIVERY_UPDATED, d.conversationId(), d.messageId(), false, false,
          d.status(), d.detail()));
    }
    return Optional.empty();
  }
}
