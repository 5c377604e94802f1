package dev.switchboard.core.store;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.MessageId;
import java.time.Instant;

/** A message waiting to leave through its channel: attempts so far and when the next may run. */
public record OutboxEntry(MessageId messageId, ConversationId conversationId, int attempts, Instant nextAttemptAt) {}
