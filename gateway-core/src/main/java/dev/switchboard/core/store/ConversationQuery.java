package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationStatus;

/** Filters for listing conversations; {@code null} fields do not filter. Newest first. */
public record ConversationQuery(
    ConversationStatus status, String tier, ContactId contactId, Channel channel, Integer limit) {

  public ConversationQuery {
    limit = limit == null ? 100 : limit;
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1..1000)");
    }
  }

  public static ConversationQuery all() {
    return new ConversationQuery(null, null, null, null, null);
  }
}
