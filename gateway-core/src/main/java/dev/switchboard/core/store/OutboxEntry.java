package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.MessageId;
import java.time.Instant;
import java.util.Optional;

/**
 * A message waiting to leave: attempts so far and when the next may run. {@code to} is set when it leaves
 * by another channel than its conversation's (a chat reply forwarded by e-mail or SMS): the address, whose
 * kind picks the channel; empty for the conversation's own channel and address.
 */
public record OutboxEntry(MessageId messageId, ConversationId conversationId, int attempts, Instant nextAttemptAt,
    Optional<Identity> to) {

  public OutboxEntry {
    requireNonNull(messageId, "messageId");
    requireNonNull(conversationId, "conversationId");
    requireNonNull(to, "to");
  }

  /** An entry for the conversation's own channel and address. */
  public OutboxEntry(MessageId messageId, ConversationId conversationId, int attempts, Instant nextAttemptAt) {
    this(messageId, conversationId, attempts, nextAttemptAt, Optional.empty());
  }
}
