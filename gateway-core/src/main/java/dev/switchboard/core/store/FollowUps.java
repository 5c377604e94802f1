package dev.switchboard.core.store;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.Message;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Scheduled follow-ups in the store. A follow-up falls due through {@link #fire}, which in one transaction
 * either drops it (the customer wrote since it was scheduled) or stores its message with an outbox entry,
 * so it is sent once, and only if nobody answered first.
 */
public interface FollowUps {

  /** How many scheduled follow-ups one agent's list shows at most. */
  int LIST_LIMIT = 200;

  /** What {@link #fire} did: the follow-up as it stands after, and the message it became when it was sent now. */
  record Fired(FollowUp followUp, Optional<Message> message) {}

  /** Stores a new follow-up; the same (author, clientId) returns the one stored first, unchanged. */
  CompletionStage<FollowUp> schedule(FollowUp followUp);

  CompletionStage<Optional<FollowUp>> find(String id);

  /** Cancels a scheduled follow-up; returns it as it stands after (unchanged when it was final already). */
  CompletionStage<Optional<FollowUp>> cancel(String id);

  /** The follow-ups {@code author} has scheduled, soonest first, at most {@link #LIST_LIMIT}. */
  CompletionStage<List<FollowUp>> scheduledBy(String author);

  /** Scheduled follow-ups due at {@code now}, soonest first. */
  CompletionStage<List<FollowUp>> due(Instant now, int limit);

  /** When the next scheduled follow-up falls due, if any is scheduled. */
  CompletionStage<Optional<Instant>> nextDue();

  /** Sends or drops a due follow-up (leader-only: fenced in a cluster). */
  CompletionStage<Fired> fire(String id);

  /** The conversations that have a scheduled follow-up. */
  CompletionStage<java.util.Set<ConversationId>> conversationsWithScheduled();

  /** Drops the conversation's scheduled follow-ups because the customer wrote; returns those dropped. */
  CompletionStage<List<FollowUp>> dropAfterCustomerMessage(ConversationId conversation);
}
