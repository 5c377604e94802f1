package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One merge of two contacts as recorded: who made it and when, and what moved from {@code from} into
 * {@code into} (identities, conversations, the attributes {@code into} lacked). An unmerge moves exactly
 * that back; {@code undoneBy} and {@code undoneAt} say who undid it and when, and are null until then.
 */
public record ContactMerge(
    String id,
    ContactId into,
    ContactId from,
    String mergedBy,
    Instant mergedAt,
    List<Identity> identities,
    List<ConversationId> conversations,
    Map<String, String> attributes,
    String undoneBy,
    Instant undoneAt) {

  public ContactMerge {
    requireNonNull(id, "id");
    requireNonNull(into, "into");
    requireNonNull(from, "from");
    requireNonNull(mergedBy, "mergedBy");
    requireNonNull(mergedAt, "mergedAt");
    identities = List.copyOf(identities);
    conversations = List.copyOf(conversations);
    attributes = Map.copyOf(attributes);
  }

  /** This merge as undone by {@code by} at {@code at}. */
  ContactMerge undone(String by, Instant at) {
    return new ContactMerge(id, into, from, mergedBy, mergedAt, identities, conversations, attributes,
        requireNonNull(by, "by"), requireNonNull(at, "at"));
  }
}
