package dev.switchboard.core.store;

import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.ConversationId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Attachments by id: every message's, and the uploads agents (or admins) make for a reply before it is
 * sent ({@link ConversationStore#appendAgentMessage(ConversationId, dev.switchboard.core.model.Direction,
 * String, String, String, java.util.List)} takes them).
 */
public interface Attachments {

  /**
   * Records content uploaded for a reply in {@code conversationId}, under a new attachment id; fails with
   * {@link java.util.NoSuchElementException} for an unknown conversation.
   */
  CompletionStage<StoredAttachment> recordUpload(ConversationId conversationId, String uploadedBy,
      Blob content);

  /** Any attachment by its id, with its conversation: a message's, or an upload not yet sent. */
  CompletionStage<Optional<StoredAttachment>> find(String id);
}
