package dev.switchboard.core.routing;

import java.util.concurrent.CompletionStage;

/**
 * Hears the router's decisions on the router thread, each with the commit of the routing changes made in
 * the same step: an agent must not see an assignment (or an offer, a release) that a crash could still
 * undo, since a new leader rebuilds from the store and would refuse what the agent then does.
 */
@FunctionalInterface
public interface DecisionListener {

  /**
   * {@code saved} completes once the conversations the step changed are committed, or fails when they
   * were not (a deposed leader's write refused by its term, a store failure): then the decision must reach
   * no one. Called on the router thread: hand on, never block.
   */
  void decided(RoutingDecision decision, CompletionStage<Void> saved);
}
