package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What the router decided, as a value: the agent desk turns these into frames, the router's shell into
 * store writes, events and metrics.
 */
public sealed interface RoutingDecision {

  /**
   * The conversation this decision is about, empty for one about an agent alone (their presence): a
   * listener's frame for it waits for that conversation's save, not for the others of the step
   * ({@link DecisionListener}).
   */
  Optional<ConversationId> about();

  /** Offer {@code conversation} to {@code agent} until {@code expiresAt}. */
  record Offer(String agent, Conversation conversation, Instant expiresAt) implements RoutingDecision {
    public Offer {
      requireNonNull(agent, "agent");
      requireNonNull(conversation, "conversation");
      requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public Optional<ConversationId> about() {
      return Optional.of(conversation().id());
    }
  }

  /** An agent connected, disconnected (their last desk closed) or set their presence: the team view changed. */
  record AgentPresence(String agent, boolean connected, Presence presence) implements RoutingDecision {
    public AgentPresence {
      requireNonNull(agent, "agent");
      requireNonNull(presence, "presence");
    }

    @Override
    public Optional<ConversationId> about() {
      return Optional.empty();
    }
  }

  /** No eligible agent now: the conversation waits in the queue at {@code tier} until {@code deadline}. */
  record Queue(Conversation conversation, String tier, Instant deadline) implements RoutingDecision {
    @Override
    public Optional<ConversationId> about() {
      return Optional.of(conversation().id());
    }
  }

  /** An offer ended without an accept. */
  record OfferRevoked(String agent, ConversationId conversationId, RevokeReason reason) implements RoutingDecision {
    public OfferRevoked {
      requireNonNull(agent, "agent");
      requireNonNull(conversationId, "conversationId");
      requireNonNull(reason, "reason");
    }

    @Override
    public Optional<ConversationId> about() {
      return Optional.of(conversationId);
    }
  }

  /** The conversation is now held by {@code agent}. */
  record Assign(String agent, Conversation conversation, AssignReason reason) implements RoutingDecision {
    public Assign {
      requireNonNull(agent, "agent");
      requireNonNull(conversation, "conversation");
      requireNonNull(reason, "reason");
    }

    @Override
    public Optional<ConversationId> about() {
      return Optional.of(conversation().id());
    }
  }

  /** The conversation left {@code agent}. */
  record Release(String agent, Conversation conversation, ReleaseReason reason) implements RoutingDecision {
    public Release {
      requireNonNull(agent, "agent");
      requireNonNull(conversation, "conversation");
      requireNonNull(reason, "reason");
    }

    @Override
    public Optional<ConversationId> about() {
      return Optional.of(conversation().id());
    }
  }

  /** A waiting conversation was promoted and/or its eligible agents widened. */
  record Escalate(Conversation conversation, String fromTier, String toTier, boolean widened)
      implements RoutingDecision {
    @Override
    public Optional<ConversationId> about() {
      return Optional.of(conversation().id());
    }
  }

  /** A response target passed with no response. */
  record SlaBreach(Conversation conversation, String tier, SlaKind kind, Instant due) implements RoutingDecision {
    public SlaBreach {
      requireNonNull(conversation, "conversation");
      requireNonNull(kind, "kind");
      requireNonNull(due, "due");
    }

    @Override
    public Optional<ConversationId> about() {
      return Optional.of(conversation().id());
    }
  }

  /**
   * An agent gave {@code conversation} its first response, {@code elapsed} after it was queued on the
   * tier's SLA clock (business hours counted as the first-response target counts them); for the metrics.
   */
  record FirstResponse(Conversation conversation, String tier, Duration elapsed, Duration target)
      implements RoutingDecision {
    public FirstResponse {
      requireNonNull(conversation, "conversation");
      requireNonNull(tier, "tier");
      requireNonNull(elapsed, "elapsed");
      requireNonNull(target, "target");
    }

    @Override
    public Optional<ConversationId> about() {
      return Optional.of(conversation().id());
    }
  }

  /**
   * A conversation still waiting for its first response, queued or held, has used {@code percent} of its
   * first-response target ({@code routing.warnAt}); for the supervisors. {@code assignee} is null while it waits.
   */
  record SlaWarning(Conversation conversation, String tier, SlaState state, String assignee, Instant dueAt,
      int percent) implements RoutingDecision {
    public SlaWarning {
      requireNonNull(conversation, "conversation");
      requireNonNull(state, "state");
      requireNonNull(dueAt, "dueAt");
    }

    @Override
    public Optional<ConversationId> about() {
      return Optional.of(conversation().id());
    }
  }

  /** Where a warned conversation is; {@link #key()} is the desk's {@code sla_warning.state}. */
  enum SlaState {
    WAITING, ASSIGNED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A waiting chat's place in line moved by a step: {@code position} counts from 1 (next to be offered),
   * {@code eta} is empty while no eligible agent is available or the desk's pace is not yet measured.
   */
  record QueuePlace(ConversationId conversationId, int position, Optional<Duration> eta) implements RoutingDecision {
    public QueuePlace {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(eta, "eta");
      if (position < 1) {
        throw new IllegalArgumentException("position: " + position + " (expected: >= 1)");
      }
    }

    @Override
    public Optional<ConversationId> about() {
      return Optional.of(conversationId);
    }
  }

  /** Why an offer ended without an accept; {@link #key()} is the desk's {@code offer_revoked.reason}. */
  enum RevokeReason {
    DECLINED, EXPIRED, DISCONNECTED, WITHDRAWN;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How an agent came to hold a conversation ({@code ASSIGNED}: a supervisor gave it from the queue). */
  enum AssignReason {
    ACCEPTED, TRANSFERRED, DIRECT, ASSIGNED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why a conversation left its agent; {@link #key()} is the desk's {@code conversation_updated.reason}. */
  enum ReleaseReason {
    RESOLVED, TRANSFERRED, DISCONNECT_GRACE_EXPIRED, AGENT_REMOVED, ANSWER_TIMEOUT;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Which response target was missed; {@link #key()} is the metric tag and the event's kind. */
  enum SlaKind {
    FIRST_RESPONSE, NEXT_RESPONSE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
