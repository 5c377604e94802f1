package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Message;
import java.util.Optional;

/**
 * What {@link ConversationStore#ingestDetailed} did, with the conversation and message as committed (for a
 * {@link IngestResult.Duplicate}: as stored the first time, the conversation as it is now), so events can
 * be published without reading them back. {@code proof}: the e-mail proof the message completed by
 * answering our proof mail, if it did.
 */
public record IngestOutcome(IngestResult result, Conversation conversation, Message message,
    Optional<EmailProof.Proved> proof) {

  public IngestOutcome {
    requireNonNull(result, "result");
    requireNonNull(conversation, "conversation");
    requireNonNull(message, "message");
    requireNonNull(proof, "proof");
  }

  /** An outcome that proved no e-mail address. */
  public IngestOutcome(IngestResult result, Conversation conversation, Message message) {
    this(result, conversation, message, Optional.empty());
  }

  /** Whether the message made new work for the router: a new or reopened conversation that waits. */
  public boolean queued() {
    return result instanceof IngestResult.Stored s && (s.newConversation() || s.reopened())
        && conversation.status() == dev.switchboard.core.model.ConversationStatus.QUEUED;
  }
}
