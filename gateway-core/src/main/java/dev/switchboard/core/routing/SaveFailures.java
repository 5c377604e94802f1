package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.routing.RoutingMetrics.SaveFailure;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the router does about a routing change the store refused to save (a deposed leader's write refused
 * by its term, a store failure), on the router thread: an assignment it still holds is undone
 * ({@link RoutingCore#unsaved}), so the router offers nothing the store does not have and the agent's room
 * is free again; one it keeps because the conversation changed since is saved again and sent to its agent;
 * anything else is kept, for the next save writes the conversation whole. Each is counted in
 * {@code switchboard.routing.save.failures{outcome}}.
 */
final class SaveFailures {

  private static final Logger log = LoggerFactory.getLogger(SaveFailures.class);

  private final RoutingCore core;
  private final Clock clock;
  private final RoutingMetrics metrics;

  SaveFailures(RoutingCore core, Clock clock, RoutingMetrics metrics) {
    this.core = requireNonNull(core, "core");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  /** The save of {@code c} failed, in a step that also made {@code dropped} (or null); runs on the router thread. */
  void unsaved(Conversation c, RoutingDecision.Assign dropped) {
    SaveFailure outcome = core.unsaved(c, dropped, clock.instant());
    metrics.saveFailed(outcome);
    switch (outcome) {
      case ASSIGNMENT_UNDONE -> log.warn("The assignment of {} was not saved; it waits in the queue again", c.id());
      case ASSIGNMENT_RESENT -> log.warn("The assignment of {} to {} was not saved and has changed since; saved"
          + " again as it stands and sent to the agent", c.id(), dropped.agent());
      case KEPT -> { }
    }
  }
}
