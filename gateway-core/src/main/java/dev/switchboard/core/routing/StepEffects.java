package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.store.ConversationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one router step leaves behind, handed on after it on the router thread: the conversations it
 * changed are saved (each published as {@code ConversationUpdated} once saved), its decisions go to the
 * listeners, each with the commit of the save of the conversation it is about ({@link DecisionListener}),
 * to the bus (SLA breaches, places in line) and to the meters. A save the store refuses is logged and given to {@code unsaved}, with the
 * assignment the step made of that conversation (its frame dropped with the save), which undoes on the
 * router thread what the router would otherwise keep and the store does not have, or sends it again.
 */
final class StepEffects {

  private static final Logger log = LoggerFactory.getLogger(StepEffects.class);
  private static final CompletionStage<Void> NOTHING_TO_WAIT_FOR = CompletableFuture.completedStage(null);

  private final ConversationStore store;
  private final EventBus events;
  private final Clock clock;
  private final RoutingMetrics metrics;
  private final List<DecisionListener> listeners;
  private final Map<ConversationId, String> assignees;
  private final RecentWaits waits;
  private final BiConsumer<Conversation, RoutingDecision.Assign> unsaved;

  StepEffects(ConversationStore store, EventBus events, Clock clock, RoutingMetrics metrics,
      List<DecisionListener> listeners, Map<ConversationId, String> assignees, RecentWaits waits,
      BiConsumer<Conversation, RoutingDecision.Assign> unsaved) {
    this.store = requireNonNull(store, "store");
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
    this.listeners = requireNonNull(listeners, "listeners");
    this.assignees = requireNonNull(assignees, "assignees");
    this.waits = requireNonNull(waits, "waits");
    this.unsaved = requireNonNull(unsaved, "unsaved");
  }

  /** Saves and hands on what the step that just ran on {@code core} changed and decided. */
  void flush(RoutingCore core) {
    Instant now = clock.instant();
    List<RoutingDecision> decisions = core.drainDecisions();
    // A failed save drops the frames about its conversation: the assignment among them, if any, goes back with it.
    Map<ConversationId, RoutingDecision.Assign> assigned = new HashMap<>();
    for (RoutingDecision d : decisions) {
      if (d instanceof RoutingDecision.Assign a) {
        assigned.put(a.conversation().id(), a);
      }
    }
    Map<ConversationId, CompletionStage<Void>> saves = new HashMap<>();
    for (Conversation c : core.drainChanged()) {
      if (c.assignee() != null) {
        assignees.put(c.id(), c.assignee());
      } else {
        assignees.remove(c.id());
      }
      CompletableFuture<Conversation> save = store.saveConversation(c).toCompletableFuture();
      save.whenComplete((saved, err) -> {
        if (err != null) {
          log.error("Could not save routing change of {}", c.id(), err);
          unsaved.accept(c, assigned.get(c.id()));
        } else {
          events.publish(new GatewayEvent.ConversationUpdated(saved));
        }
      });
      saves.put(c.id(), save.<Void>thenApply(saved -> null).minimalCompletionStage());
    }
    metrics.record(decisions, now);
    for (RoutingDecision d : decisions) {
      if (d instanceof RoutingDecision.Assign a && a.reason() == RoutingDecision.AssignReason.ACCEPTED && a.conversation().queuedAt() != null) {
        waits.record(a.conversation().tier(), Duration.between(a.conversation().queuedAt(), now));
      }
      if (d instanceof RoutingDecision.SlaBreach b) {
        events.publish(new GatewayEvent.SlaBreached(b.conversation(), b.tier(), b.kind().key(), b.due()));
      } else if (d instanceof RoutingDecision.QueuePlace p) {
        // The chat channel's listener only queues the frame on the visitor's event loop.
        events.publish(new GatewayEvent.QueuePlace(p.conversationId(), p.position(), p.eta()));
        continue; // for visitors, not agents
      }
      tell(d, commitOf(d, saves));
    }
    for (RoutingDecision d : core.drainResent()) {
      tell(d, commitOf(d, saves)); // counted when first made
    }
    metrics.queueSizes(core.queueSizes(), core.policy().tierNames());
  }

  /**
   * What a decision reaches agents with (DecisionListener): the commit of the save of the conversation it is
   * about when the step changed it, else nothing to wait for. Not the commit of every save of the step: one
   * refused save would drop the frames of the other conversations, whose saves committed.
   */
  private static CompletionStage<Void> commitOf(RoutingDecision d, Map<ConversationId, CompletionStage<Void>> saves) {
    return d.about().map(saves::get).orElse(NOTHING_TO_WAIT_FOR);
  }

  private void tell(RoutingDecision d, CompletionStage<Void> saved) {
    for (DecisionListener l : listeners) {
      try {
        l.decided(d, saved);
      } catch (RuntimeException e) {
        log.error("Routing listener failed on {}", d.getClass().getSimpleName(), e);
      }
    }
  }
}
