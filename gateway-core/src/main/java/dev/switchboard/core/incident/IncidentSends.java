package dev.switchboard.core.incident;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.IncidentUpdate;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.store.Incidents;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores an incident update's message in each linked conversation, {@link Incidents#CHUNK} conversations
 * per write, one write after another (the outbox sends them, paced per provider), and tells the rest of the
 * gateway: {@code MessageAdded} for each message, and for the final one the conversations resolved
 * ({@code ConversationUpdated}) and those sent back to the router's queue.
 */
final class IncidentSends {

  private static final Logger log = LoggerFactory.getLogger(IncidentSends.class);

  private final Incidents incidents;
  private final EventBus events;
  private final Supplier<Router> router;
  private final IncidentMetrics metrics;

  IncidentSends(Incidents incidents, EventBus events, Supplier<Router> router, IncidentMetrics metrics) {
    this.incidents = requireNonNull(incidents, "incidents");
    this.events = requireNonNull(events, "events");
    this.router = requireNonNull(router, "router");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  /**
   * Sends {@code update} to the conversations its incident links now; {@code unlinked} hears of each
   * conversation whose link ended (resolved or back in the queue).
   */
  CompletionStage<IncidentRoom.Queued> send(IncidentUpdate update, Consumer<ConversationId> unlinked) {
    return incidents.linked(update.incidentId()).thenCompose(linked -> {
      CompletionStage<IncidentRoom.Queued> chain = CompletableFuture.completedFuture(new IncidentRoom.Queued(0, 0));
      int chunks = Math.max(1, (linked.size() + Incidents.CHUNK - 1) / Incidents.CHUNK);
      for (int i = 0; i < chunks; i++) {
        List<ConversationId> chunk = linked.subList(i * Incidents.CHUNK,
            Math.min(linked.size(), (i + 1) * Incidents.CHUNK));
        boolean done = i == chunks - 1;
        chain = chain.thenCompose(sofar -> incidents.deliver(update, chunk, done)
            .thenApply(d -> new IncidentRoom.Queued(sofar.queued() + told(d, unlinked), sofar.optedOut() + d.optedOut())));
      }
      return chain;
    }).whenComplete((q, err) -> {
      if (err != null) {
        log.warn("Incident {} update {} was not stored in full; the next leader start finishes it: {}",
            update.incidentId(), update.id(), err.toString());
      } else {
        log.info("Incident {} update {}: {} messages queued, {} not sent (SMS opt-out)", update.incidentId(),
            update.id(), q.queued(), q.optedOut());
      }
    });
  }

  /** Publishes what one chunk did; returns how many messages it stored. */
  private int told(Incidents.Delivered d, Consumer<ConversationId> unlinked) {
    for (Incidents.Sent s : d.sent()) {
      events.publish(new GatewayEvent.MessageAdded(s.conversation(), s.message()));
    }
    for (Conversation c : d.resolved()) {
      unlinked.accept(c.id());
      events.publish(new GatewayEvent.ConversationUpdated(c));
    }
    for (Conversation c : d.released()) {
      unlinked.accept(c.id());
      requeue(c);
    }
    metrics.messages(d.sent().size());
    metrics.released(d.released().size());
    return d.sent().size();
  }

  /** Puts a conversation an incident let go into the router's queue. */
  void requeue(Conversation c) {
    Router r = router.get();
    if (r == null) {
      log.warn("No router to queue {} (the term is ending); the next leader queues it as it rebuilds", c.id());
      return;
    }
    r.release(c).whenComplete((q, err) -> {
      if (err != null) {
        log.error("Could not queue {} after its incident let it go", c.id(), err);
      }
    });
  }
}
