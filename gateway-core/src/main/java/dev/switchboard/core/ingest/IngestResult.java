package dev.switchboard.core.ingest;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.MessageId;

/** What {@link Ingest#accept} did with a message; either way it is safe to acknowledge the source. */
public sealed interface IngestResult {

  ConversationId conversationId();

  MessageId messageId();

  /** Stored now, in a conversation that is new, reopened, or was already open. */
  record Stored(ConversationId conversationId, MessageId messageId, boolean newConversation, boolean reopened)
      implements IngestResult {}

  /** Stored before (same channel and external id): nothing changed. */
  record Duplicate(ConversationId conversationId, MessageId messageId) implements IngestResult {}
}
