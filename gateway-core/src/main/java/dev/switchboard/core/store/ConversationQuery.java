package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * Filters for listing conversations, newest first: {@link #all()} narrowed by name, each step a new query,
 * e.g. {@code ConversationQuery.all().contact(id).channel(Channel.CHAT).limit(50)}. A filter not set does
 * not filter; at most {@link #DEFAULT_LIMIT} conversations unless {@link #limit(int)} says otherwise.
 */
public final class ConversationQuery {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  private static final ConversationQuery ALL = new ConversationQuery(null, null, null, null, DEFAULT_LIMIT, null);

  private final ConversationStatus status;
  private final String tier;
  private final ContactId contactId;
  private final Channel channel;
  private final int limit;
  private final String tag;

  private ConversationQuery(ConversationStatus status, String tier, ContactId contactId, Channel channel, int limit,
      String tag) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
    }
    this.status = status;
    this.tier = tier;
    this.contactId = contactId;
    this.channel = channel;
    this.limit = limit;
    this.tag = tag;
  }

  /** Every conversation, the newest {@link #DEFAULT_LIMIT}. */
  public static ConversationQuery all() {
    return ALL;
  }

  /** Only the conversations in {@code status}. */
  public ConversationQuery status(ConversationStatus status) {
    return new ConversationQuery(requireNonNull(status, "status"), tier, contactId, channel, limit, tag);
  }

  /** Only the conversations of {@code tier} (its name). */
  public ConversationQuery tier(String tier) {
    return new ConversationQuery(status, requireNonNull(tier, "tier"), contactId, channel, limit, tag);
  }

  /** Only the conversations of the contact {@code contactId}. */
  public ConversationQuery contact(ContactId contactId) {
    return new ConversationQuery(status, tier, requireNonNull(contactId, "contactId"), channel, limit, tag);
  }

  /** Only the conversations on {@code channel}. */
  public ConversationQuery channel(Channel channel) {
    return new ConversationQuery(status, tier, contactId, requireNonNull(channel, "channel"), limit, tag);
  }

  /** At most {@code limit} conversations, 1 to {@link #MAX_LIMIT}. */
  public ConversationQuery limit(int limit) {
    return new ConversationQuery(status, tier, contactId, channel, limit, tag);
  }

  /** Only the conversations carrying {@code tag} (as stored: see {@link dev.switchboard.core.model.Tags#normalize}). */
  public ConversationQuery tag(String tag) {
    return new ConversationQuery(status, tier, contactId, channel, limit, requireNonNull(tag, "tag"));
  }

  public Optional<ConversationStatus> status() {
    return Optional.ofNullable(status);
  }

  public Optional<String> tier() {
    return Optional.ofNullable(tier);
  }

  public Optional<ContactId> contactId() {
    return Optional.ofNullable(contactId);
  }

  public Optional<Channel> channel() {
    return Optional.ofNullable(channel);
  }

  public int limit() {
    return limit;
  }

  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConversationQuery q && status == q.status && Objects.equals(tier, q.tier)
        && Objects.equals(contactId, q.contactId) && channel == q.channel && limit == q.limit
        && Objects.equals(tag, q.tag);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, tier, contactId, channel, limit, tag);
  }

  @Override
  public String toString() {
    return "ConversationQuery[status=" + status + ", tier=" + tier + ", contactId=" + contactId + ", channel="
        + channel + ", limit=" + limit + ", tag=" + tag + "]";
  }
}
