package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A thread with one contact on one channel. {@code threadKey} says what the channel threads by (the
 * pair of phone numbers, the chat visitor, the first mail's Message-ID); {@code ref} is a short
 * human-readable token, e.g. {@code AB12CD}, used in e-mail subjects. SLA due times are {@code null}
 * when no response is owed. {@code tags} are the agents' labels (see {@link Tags}), sorted.
 */
public record Conversation(
    ConversationId id,
    String ref,
    ContactId contactId,
    Channel channel,
    String threadKey,
    String subject,
    ConversationStatus status,
    String tier,
    List<String> skills,
    String assignee,
    String lastAgent,
    Instant queuedAt,
    Instant firstResponseDue,
    Instant nextResponseDue,
    Instant firstRespondedAt,
    Instant createdAt,
    Instant updatedAt,
    List<String> tags) {

  public Conversation {
    requireNonNull(id, "id");
    requireNonNull(ref, "ref");
    requireNonNull(contactId, "contactId");
    requireNonNull(channel, "channel");
    requireNonNull(threadKey, "threadKey");
    requireNonNull(status, "status");
    skills = skills == null ? List.of() : List.copyOf(skills);
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A conversation without tags (a new one, or where tags do not matter). */
  public Conversation(ConversationId id, String ref, ContactId contactId, Channel channel, String threadKey,
      String subject, ConversationStatus status, String tier, List<String> skills, String assignee, String lastAgent,
      Instant queuedAt, Instant firstResponseDue, Instant nextResponseDue, Instant firstRespondedAt,
      Instant createdAt, Instant updatedAt) {
    this(id, ref, contactId, channel, threadKey, subject, status, tier, skills, assignee, lastAgent, queuedAt,
        firstResponseDue, nextResponseDue, firstRespondedAt, createdAt, updatedAt, List.of());
  }

  /** This conversation with {@code tags} (the store owns them; the router's copies follow it). */
  public Conversation withTags(List<String> tags) {
    return new Conversation(id, ref, contactId, channel, threadKey, subject, status, tier, skills, assignee, lastAgent,
        queuedAt, firstResponseDue, nextResponseDue, firstRespondedAt, createdAt, updatedAt, tags);
  }

  /** This conversation as it is after a merge moved it to {@code contact}. */
  public Conversation withContactId(ContactId contact) {
    return new Conversation(id, ref, contact, channel, threadKey, subject, status, tier, skills, assignee, lastAgent,
        queuedAt, firstResponseDue, nextResponseDue, firstRespondedAt, createdAt, updatedAt, tags);
  }
}
