package dev.switchboard.core.event;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;

/** Something that happened, published after the commit that made it true. */
public sealed interface GatewayEvent {

  /** A message was stored in a conversation (inbound, outbound or a note). */
  record MessageAdded(Conversation conversation, Message message) implements GatewayEvent {}

  /** A new or reopened conversation waits for routing. */
  record ConversationQueued(Conversation conversation) implements GatewayEvent {}

  /** A conversation changed: assigned, transferred, resolved, tier changed. */
  record ConversationUpdated(Conversation conversation) implements GatewayEvent {}

  /** An outbound message's delivery state moved. */
  record DeliveryUpdated(ConversationId conversationId, MessageId messageId, DeliveryStatus status, String detail)
      implements GatewayEvent {}
}
