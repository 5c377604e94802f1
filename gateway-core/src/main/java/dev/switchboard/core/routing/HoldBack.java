package dev.switchboard.core.routing;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Conversations that wait somewhere other than the queue (in an incident). The router asks before it queues
 * a new or reopened conversation, and leaves the held ones out when it rebuilds from the store.
 */
public interface HoldBack {

  /** Holds nothing back. */
  HoldBack NONE = new HoldBack() {
    @Override
    public CompletionStage<Boolean> claim(Conversation c) {
      return CompletableFuture.completedFuture(false);
    }

    @Override
    public CompletionStage<Set<ConversationId>> held() {
      return CompletableFuture.completedFuture(Set.of());
    }
  };

  /**
   * Whether {@code c}, just queued by a customer's message, waits elsewhere from now on; the holder answered
   * it then, so the router sends no auto-reply. A failed stage counts as not held.
   */
  CompletionStage<Boolean> claim(Conversation c);

  /** The conversations held now, which a router rebuilding from the store leaves out. */
  CompletionStage<Set<ConversationId>> held();
}
