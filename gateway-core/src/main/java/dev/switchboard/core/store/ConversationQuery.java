package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationStatus;

/** Filters for listing conversations; {@code null} fields do not filter. Newest first. */
public record ConversationQuery(
    ConversationStatus status, String tier, ContactId contactId, Channel channel, Integer limit, String tag) {

  public ConversationQuery {
    limit = limit == null ? 100 : limit;
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1..1000)");
    }
  }

  /** No tag filter. */
  public ConversationQuery(ConversationStatus status, String tier, ContactId contactId, Channel channel, Integer limit) {
    this(status, tier, contactId, channel, limit, null);
  }

  public static ConversationQuery all() {
    return new ConversationQuery(null, null, null, null, null);
  }

  /** Only the conversations carrying {@code tag} (as stored: see {@link dev.switchboard.core.model.Tags#normalize}). */
  public ConversationQuery withTag(String tag) {
    return new ConversationQuery(status, tier, contactId, channel, limit, tag);
  }
}
