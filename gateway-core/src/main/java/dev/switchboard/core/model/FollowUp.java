package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A message an agent scheduled for later on one conversation ({@code follow_up} on the desk). It is sent
 * through the outbox at {@code dueAt} unless the customer writes after {@code createdAt} (then it is
 * {@link Status#DROPPED}) or someone cancels it; {@code messageId} is the message it became once sent.
 */
public record FollowUp(String id, ConversationId conversationId, String author, String clientId, String text,
    Instant dueAt, Status status, Optional<MessageId> messageId, Instant createdAt) {

  /** Where a follow-up stands; every state but {@link #SCHEDULED} is final. */
  public enum Status {
    SCHEDULED, SENT, DROPPED, CANCELLED;

    /** The lower-case name used in frames and JSON. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public FollowUp {
    requireNonNull(id, "id");
    requireNonNull(conversationId, "conversationId");
    requireNonNull(author, "author");
    requireNonNull(clientId, "clientId");
    requireNonNull(text, "text");
    requireNonNull(dueAt, "dueAt");
    requireNonNull(status, "status");
    requireNonNull(messageId, "messageId");
    requireNonNull(createdAt, "createdAt");
  }

  /** A new follow-up, scheduled now. */
  public static FollowUp schedule(ConversationId conversationId, String author, String clientId, String text,
      Instant dueAt, Instant now) {
    return new FollowUp(Ids.next(), conversationId, author, clientId, text, dueAt, Status.SCHEDULED,
        Optional.empty(), now);
  }

  /** This follow-up in {@code status}, with the message it became when sent. */
  public FollowUp with(Status status, Optional<MessageId> messageId) {
    return new FollowUp(id, conversationId, author, clientId, text, dueAt, status, messageId, createdAt);
  }

  public boolean scheduled() {
    return status == Status.SCHEDULED;
  }
}
