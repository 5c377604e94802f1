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

  /**
   * A new conversation's builder: what every conversation has from its first row on. Everything else
   * starts empty (no subject, tier, skills, agents, due times or tags), the status {@link
   * ConversationStatus#QUEUED}, and {@code updatedAt} equal to {@code createdAt}; set what differs by name.
   */
  public static Builder builder(ConversationId id, String ref, ContactId contactId, Channel channel, String threadKey,
      Instant createdAt) {
    return new Builder(id, ref, contactId, channel, threadKey, createdAt);
  }

  /** A builder holding every field of this conversation: a changed copy is {@code toBuilder()...build()}. */
  public Builder toBuilder() {
    return new Builder(id, ref, contactId, channel, threadKey, createdAt).copyFrom(this);
  }

  /** This conversation with {@code tags} (the store owns them; the router's copies follow it). */
  public Conversation withTags(List<String> tags) {
    return toBuilder().tags(tags).build();
  }

  /** This conversation as it is after a merge moved it to {@code contact}. */
  public Conversation withContactId(ContactId contact) {
    return new Builder(id, ref, contact, channel, threadKey, createdAt).copyFrom(this).build();
  }

  /** This conversation as last changed at {@code at} (a row touched by a new message, say). */
  public Conversation withUpdatedAt(Instant at) {
    return toBuilder().updatedAt(at).build();
  }

  /**
   * Builds a {@link Conversation} by naming the fields that are set, so that no caller lines up eighteen
   * positional arguments with {@code null}s for the ones it has not. The identity of the conversation (id,
   * ref, contact, channel, thread, creation time) is given up front; the rest is set by name.
   */
  public static final class Builder {

    private final ConversationId id;
    private final String ref;
    private final ContactId contactId;
    private final Channel channel;
    private final String threadKey;
    private final Instant createdAt;
    private String subject;
    private ConversationStatus status = ConversationStatus.QUEUED;
    private String tier;
    private List<String> skills = List.of();
    private String assignee;
    private String lastAgent;
    private Instant queuedAt;
    private Instant firstResponseDue;
    private Instant nextResponseDue;
    private Instant firstRespondedAt;
    private Instant updatedAt;
    private List<String> tags = List.of();

    private Builder(ConversationId id, String ref, ContactId contactId, Channel channel, String threadKey,
        Instant createdAt) {
      this.id = id;
      this.ref = ref;
      this.contactId = contactId;
      this.channel = channel;
      this.threadKey = threadKey;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }

    private Builder copyFrom(Conversation c) {
      return subject(c.subject).status(c.status).tier(c.tier).skills(c.skills).assignee(c.assignee)
          .lastAgent(c.lastAgent).queuedAt(c.queuedAt).firstResponseDue(c.firstResponseDue)
          .nextResponseDue(c.nextResponseDue).firstRespondedAt(c.firstRespondedAt).updatedAt(c.updatedAt).tags(c.tags);
    }

    public Builder subject(String v) {
      subject = v;
      return this;
    }

    public Builder status(ConversationStatus v) {
      status = v;
      return this;
    }

    public Builder tier(String v) {
      tier = v;
      return this;
    }

    public Builder skills(List<String> v) {
      skills = v;
      return this;
    }

    public Builder assignee(String v) {
      assignee = v;
      return this;
    }

    public Builder lastAgent(String v) {
      lastAgent = v;
      return this;
    }

    public Builder queuedAt(Instant v) {
      queuedAt = v;
      return this;
    }

    public Builder firstResponseDue(Instant v) {
      firstResponseDue = v;
      return this;
    }

    public Builder nextResponseDue(Instant v) {
      nextResponseDue = v;
      return this;
    }

    public Builder firstRespondedAt(Instant v) {
      firstRespondedAt = v;
      return this;
    }

    public Builder updatedAt(Instant v) {
      updatedAt = v;
      return this;
    }

    public Builder tags(List<String> v) {
      tags = v;
      return this;
    }

    public Conversation build() {
      return new Conversation(id, ref, contactId, channel, threadKey, subject, status, tier, skills, assignee,
          lastAgent, queuedAt, firstResponseDue, nextResponseDue, firstRespondedAt, createdAt, updatedAt, tags);
    }
  }
}
