package dev.switchboard.core.event;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;

/** Something that happened, published after the commit that made it true. */
public sealed interface GatewayEvent {

  /** A message was stored in a conversation (inbound, outbound or a note). */
  record MessageAdded(Conversation conversation, Message message) implements GatewayEvent {}

  /**
   * A new or reopened conversation waits for routing. {@code newConversation} is true when the message
   * opened it (the router sends the auto-reply only then); {@code automated} is true when the message
   * that queued it is a bounce or an auto-reply (never answered by the auto-reply).
   */
  record ConversationQueued(Conversation conversation, boolean newConversation, boolean automated)
      implements GatewayEvent {

    public ConversationQueued {
      requireNonNull(conversation, "conversation");
    }

    /** A human's message; new when it was queued the moment it was created. */
    public ConversationQueued(Conversation conversation) {
      this(conversation, conversation.createdAt().equals(conversation.queuedAt()), false);
    }
  }

  /** A conversation changed: assigned, transferred, resolved, tier changed. */
  record ConversationUpdated(Conversation conversation) implements GatewayEvent {}

  /** An outbound message's delivery state moved. */
  record DeliveryUpdated(ConversationId conversationId, MessageId messageId, DeliveryStatus status, String detail)
      implements GatewayEvent {}

  /**
   * A response target passed with no response: {@code kind} is {@code first_response} or
   * {@code next_response}; published by the router, counted in {@code switchboard.routing.sla.breaches}.
   */
  record SlaBreached(Conversation conversation, String tier, String kind, java.time.Instant due)
      implements GatewayEvent {}

  /** An agent is typing in a conversation (published by the desk); the chat channel shows it to the customer. */
  record AgentTyping(ConversationId conversationId, String agent) implements GatewayEvent {

    public AgentTyping {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(agent, "agent");
    }
  }

  /** The customer is typing (published by the chat channel); the desk shows it to the assignee. */
  record CustomerTyping(ConversationId conversationId) implements GatewayEvent {

    public CustomerTyping {
      requireNonNull(conversationId, "conversationId");
    }
  }

  /**
   * A new cluster leader holds its roll call (published on every node, the leader included; never crosses as
   * such). The old leader may have committed changes whose events never reached the table before it died (a
   * chat reply recorded sent, and its {@code DeliveryUpdated}); a node showing such state to a client it holds
   * reads it again from the store, which the takeover's fence has closed to the old leader.
   */
  record LeaderTookOver() implements GatewayEvent {}

  /**
   * A chat visitor opened their first connection on the conversation ({@code watching}), or closed
   * their last (published by the chat channel): the router tells watched waiting chats their place.
   */
  record QueueWatched(ConversationId conversationId, boolean watching) implements GatewayEvent {

    public QueueWatched {
      requireNonNull(conversationId, "conversationId");
    }
  }

  /**
   * A waiting chat's place in line moved by a step (published by the router): {@code position} from 1,
   * {@code eta} rounded up, empty when unknown (no eligible agent available, or no pace measured yet).
   */
  record QueuePlace(ConversationId conversationId, int position, java.util.Optional<java.time.Duration> eta)
      implements GatewayEvent {

    public QueuePlace {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(eta, "eta");
    }
  }

  /**
   * A chat visitor typed an e-mail address (published by the chat channel once per connection, after the
   * visitor's contact exists): a claim only, which the contacts service asks the visitor to prove.
   */
  record EmailClaimed(dev.switchboard.core.model.ContactId contact, String email) implements GatewayEvent {

    public EmailClaimed {
      requireNonNull(contact, "contact");
      requireNonNull(email, "email");
    }
  }

  /**
   * A claimed e-mail address was proved by a mail from it answering ours, and linked in the same commit
   * as that mail; the contacts service does what follows a merge. Local to the node that stored the mail.
   */
  record EmailAnswered(dev.switchboard.core.store.EmailProof.Proved proof) implements GatewayEvent {

    public EmailAnswered {
      requireNonNull(proof, "proof");
    }
  }

  /** A scheduled follow-up was created, sent, dropped (the customer wrote) or cancelled. */
  record FollowUpChanged(dev.switchboard.core.model.FollowUp followUp) implements GatewayEvent {

    public FollowUpChanged {
      requireNonNull(followUp, "followUp");
    }
  }

  /**
   * A customer answered a satisfaction survey (published by the node that took the answer; ids only, so it
   * crosses nodes as it is): the desk reads the survey and shows the score to the conversation's agent.
   */
  record CsatAnswered(ConversationId conversationId, String surveyId) implements GatewayEvent {

    public CsatAnswered {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(surveyId, "surveyId");
    }
  }
}
