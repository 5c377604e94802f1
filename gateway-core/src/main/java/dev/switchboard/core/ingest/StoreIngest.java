package dev.switchboard.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.logging.LogKey;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.IngestOutcome;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Ingest} of the gateway: stores each message through the {@link ConversationStore}, and after
 * the commit publishes {@code MessageAdded} and, when the message made new work (a new or reopened,
 * non-automated conversation), {@code ConversationQueued}, and {@code EmailAnswered} when it proved a
 * claimed address. A duplicate publishes nothing.
 */
public final class StoreIngest implements Ingest {

  private static final Logger log = LoggerFactory.getLogger(StoreIngest.class);

  private final ConversationStore store;
  private final EventBus events;

  public StoreIngest(ConversationStore store, EventBus events) {
    this.store = requireNonNull(store, "store");
    this.events = requireNonNull(events, "events");
  }

  @Override
  public CompletionStage<IngestResult> accept(InboundMessage message) {
    requireNonNull(message, "message");
    try (LogContext.Scope ignored = LogContext.with(LogKey.CHANNEL, message.channel().key())) {
      return store.ingestDetailed(message).thenApply(this::publish);
    }
  }

  private IngestResult publish(IngestOutcome outcome) {
    if (outcome.result() instanceof IngestResult.Stored) {
      // Whoever hears of the message (router, desks) logs under its conversation.
      try (LogContext.Scope ignored = LogContext.with(LogKey.CONVERSATION, outcome.conversation().id().value())) {
        log.debug("Stored inbound message {}{}", outcome.message().id().value(),
            outcome.queued() ? ", conversation queued" : "");
        // Indexed, with no method reference: this runs once per stored message, on the completion thread.
        List<GatewayEvent> made = eventsOf(outcome);
        for (int i = 0; i < made.size(); i++) {
          events.publish(made.get(i));
        }
      }
    }
    if (outcome.proof().isPresent()) {
      // Local news only (not journaled): the merge it made is in the store already, for every node.
      events.publish(new GatewayEvent.EmailAnswered(outcome.proof().get()));
    }
    return outcome.result();
  }

  /**
   * The events an ingest makes, in order: {@code MessageAdded}, then {@code ConversationQueued} when it
   * made new work; none for a duplicate. The cluster's intake journal writes the same ones.
   */
  public static List<GatewayEvent> eventsOf(IngestOutcome outcome) {
    if (!(outcome.result() instanceof IngestResult.Stored stored)) {
      return List.of();
    }
    GatewayEvent added = new GatewayEvent.MessageAdded(outcome.conversation(), outcome.message());
    if (!outcome.queued()) {
      return List.of(added);
    }
    // Automated mail never queues work (the store keeps it resolved), so what is queued here is a human's.
    return List.of(added, new GatewayEvent.ConversationQueued(outcome.conversation(), stored.newConversation(), false));
  }
}
