package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.MessageId;
import java.util.Optional;

/**
 * One conversation a search found, best match first: where its best match is ({@code matchedIn}; the
 * message when it is in one), a snippet of it, and the contact's name for showing the result.
 */
public record SearchHit(Conversation conversation, SearchField matchedIn, Optional<MessageId> messageId,
    Snippet snippet, String contactName) {

  public SearchHit {
    requireNonNull(conversation, "conversation");
    requireNonNull(matchedIn, "matchedIn");
    requireNonNull(messageId, "messageId");
    requireNonNull(snippet, "snippet");
  }
}
