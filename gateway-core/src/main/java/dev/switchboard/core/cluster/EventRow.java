package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.time.Duration;
import java.util.Optional;

/**
 * An event as it crosses nodes in {@code cluster_events}: what happened and to which ids; the conversation
 * and message themselves are read from the store by the node that receives it.
 */
record EventRow(Kind kind, ConversationId conversation, MessageId message, boolean newConversation,
    boolean automated, DeliveryStatus delivery, String detail) {

  /**
   * The events other nodes need: intake, a chat visitor's watching and typing for the leader's router and
   * desk; delivery states for the leader's desk and for the node a chat visitor is connected to (which
   * pushes the reply); a chat's status, place in line and the agent's typing for that node too.
   */
  enum Kind {
    MESSAGE_ADDED, CONVERSATION_QUEUED, DELIVERY_UPDATED, CONVERSATION_UPDATED, QUEUE_WATCHED, QUEUE_PLACE,
    AGENT_TYPING, CUSTOMER_TYPING, CSAT_ANSWERED,
    /** A new leader asks every node for the chats watched there (about no conversation; no bus event). */
    ROLL_CALL;

    /** Whether the receiver reads the conversation from the store to rebuild the event. */
    boolean readsConversation() {
      return this == MESSAGE_ADDED || this == CONVERSATION_QUEUED || this == CONVERSATION_UPDATED;
    }
  }

  EventRow {
    requireNonNull(kind, "kind");
    if (kind != Kind.ROLL_CALL) {
      requireNonNull(conversation, "conversation");
    }
  }

  /** A new leader's roll call: every node answers with the chats watched on it. */
  static EventRow rollCall() {
    return new EventRow(Kind.ROLL_CALL, null, null, false, false, null, null);
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
    if (event instanceof GatewayEvent.ConversationUpdated u && u.conversation().channel() == Channel.CHAT) {
      return Optional.of(bare(Kind.CONVERSATION_UPDATED, u.conversation().id(), null)); // only a chat shows it
    }
    if (event instanceof GatewayEvent.QueueWatched w) {
      return Optional.of(bare(Kind.QUEUE_WATCHED, w.conversationId(), w.watching() ? "1" : "0"));
    }
    if (event instanceof GatewayEvent.QueuePlace p) {
      return Optional.of(bare(Kind.QUEUE_PLACE, p.conversationId(),
          p.position() + ":" + p.eta().map(eta -> String.valueOf(eta.toSeconds())).orElse("")));
    }
    if (event instanceof GatewayEvent.AgentTyping t) {
      return Optional.of(bare(Kind.AGENT_TYPING, t.conversationId(), t.agent()));
    }
    if (event instanceof GatewayEvent.CustomerTyping t) {
      return Optional.of(bare(Kind.CUSTOMER_TYPING, t.conversationId(), null));
    }
    if (event instanceof GatewayEvent.CsatAnswered a) {
      return Optional.of(bare(Kind.CSAT_ANSWERED, a.conversationId(), a.surveyId())); // for the leader's desk
    }
    return Optional.empty();
  }

  private static EventRow bare(Kind kind, ConversationId conversation, String detail) {
    return new EventRow(kind, conversation, null, false, false, null, detail);
  }

  /** The event this row stands for, with {@code conversation} read from the store when {@link Kind#readsConversation}. */
  GatewayEvent event(Conversation conversation, Message message) {
    return switch (kind) {
      case CONVERSATION_QUEUED -> new GatewayEvent.ConversationQueued(conversation, newConversation, automated);
      case MESSAGE_ADDED -> message == null ? null : new GatewayEvent.MessageAdded(conversation, message);
      case CONVERSATION_UPDATED -> new GatewayEvent.ConversationUpdated(conversation);
      case DELIVERY_UPDATED -> new GatewayEvent.DeliveryUpdated(this.conversation, this.message, delivery, detail);
      case QUEUE_WATCHED -> new GatewayEvent.QueueWatched(this.conversation, "1".equals(detail));
      case QUEUE_PLACE -> {
        int colon = detail.indexOf(':');
        String eta = detail.substring(colon + 1);
        yield new GatewayEvent.QueuePlace(this.conversation, Integer.parseInt(detail.substring(0, colon)),
            eta.isEmpty() ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(eta))));
      }
      case AGENT_TYPING -> new GatewayEvent.AgentTyping(this.conversation, detail);
      case CUSTOMER_TYPING -> new GatewayEvent.CustomerTyping(this.conversation);
      case CSAT_ANSWERED -> new GatewayEvent.CsatAnswered(this.conversation, detail);
      case ROLL_CALL -> null; // answered by the relay, not published
    };
  }
}
