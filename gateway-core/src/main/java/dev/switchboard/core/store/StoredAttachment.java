package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.MessageId;
import java.util.Optional;

/**
 * An attachment found by its id, with the conversation it belongs to: a message's (a customer's, an agent's
 * reply), or an agent's upload that no reply has taken yet ({@code message} empty).
 */
public record StoredAttachment(AttachmentRef ref, ConversationId conversationId, Optional<MessageId> message) {

  public StoredAttachment {
    requireNonNull(ref, "ref");
    requireNonNull(ref.id(), "ref.id");
    requireNonNull(conversationId, "conversationId");
    requireNonNull(message, "message");
  }
}
