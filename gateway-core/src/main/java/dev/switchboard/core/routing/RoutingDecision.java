package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import java.time.Instant;

/**
 * What the router decided, as a value: the agent desk turns these into frames, the router's shell into
 * store writes, events and metrics.
 */
public sealed interface RoutingDecision {

  /** Offer {@code conversation} to {@code agent} until {@code expiresAt}. */
  record Offer(String agent, Conversation conversation, Instant expiresAt) implements RoutingDecision {
    public Offer {
      requireNonNull(agent, "agent");
      requireNonNull(conversation, "conversation");
      requireNonNull(expiresAt, "expiresAt");
    }
  }

  /** No eligible agent now: the conversation waits in the queue at {@code tier} until {@code deadline}. */
  record Queue(Conversation conversation, String tier, Instant deadline) implements RoutingDecision {}

  /** An offer ended without an accept: {@code reason} is declined, expired, disconnected or withdrawn. */
  record OfferRevoked(String agent, ConversationId conversationId, String reason) implements RoutingDecision {}

  /** The conversation is now held by {@code agent}: {@code reason} is accepted, transferred or direct. */
  record Assign(String agent, Conversation conversation, String reason) implements RoutingDecision {}

  /**
   * The conversation left {@code agent}: {@code reason} is resolved, transferred or
   * disconnect_grace_expired.
   */
  record Release(String agent, Conversation conversation, String reason) implements RoutingDecision {}

  /** A waiting conversation was promoted and/or its eligible agents widened. */
  record Escalate(Conversation conversation, String fromTier, String toTier, boolean widened)
      implements RoutingDecision {}

  /** A response target passed with no response: {@code kind} is first_response or next_response. */
  record SlaBreach(Conversation conversation, String tier, String kind, Instant due) implements RoutingDecision {}
}
