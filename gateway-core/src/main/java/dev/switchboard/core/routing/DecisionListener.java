package dev.switchboard.core.routing;

import java.util.concurrent.CompletionStage;

/**
 * Hears the router's decisions on the router thread, each with the commit of the routing change the same
 * step made to the conversation it is about ({@link RoutingDecision#about()}): an agent must not see an
 * assignment (or an offer, a release) that a crash could still undo, since a new leader rebuilds from the
 * store and would refuse what the agent then does. Only that conversation's save: a save of another one
 * that fails must not drop this decision, whose own change committed.
 */
@FunctionalInterface
public interface DecisionListener {

  /**
   * {@code saved} completes once the step's change to the conversation the decision is about is committed
   * (at once when the step did not change it, or the decision is about no conversation), or fails when it
   * was not (a deposed leader's write refused by its term, a store failure): then the decision must reach
   * no one. Called on the router thread: hand on, never block.
   */
  void decided(RoutingDecision decision, CompletionStage<Void> saved);
}
