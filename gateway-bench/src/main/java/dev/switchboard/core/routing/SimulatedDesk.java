package dev.switchboard.core.routing;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import java.time.Instant;
import java.util.List;

/**
 * The real {@link RoutingCore} opened to the routing-quality simulator, which lives outside the routing
 * package: the same commands, taking the simulated time, and the decisions they produced. It lives in the
 * routing package (in the bench module) because the core is package-private, like
 * {@code RoutingDecisionBenchmark}.
 */
public final class SimulatedDesk {

  private final RoutingCore core;

  public SimulatedDesk(RoutingConfig routing, List<AgentConfig> agents, Instant start) {
    core = new RoutingCore(RoutingPolicy.of(routing, agents, ContactDirectory.empty()), start);
  }

  /** A classified conversation joins the queue (no sticky agent: every contact is new). */
  public void enqueue(Conversation c, String tier, List<String> skills, Instant now) {
    core.enqueue(c, new Classification(tier, skills, true), null, now);
  }

  public void signIn(String agent, Instant now) {
    core.agentConnected(agent, now);
  }

  /** The end of a shift: no new offers, held conversations stay with the agent until resolved. */
  public void signOff(String agent, Instant now) {
    core.presence(agent, Presence.AWAY, now);
  }

  /** True when the router took the accept. */
  public boolean accept(String agent, ConversationId id, Instant now) {
    return core.accept(agent, id, now) instanceof CommandResult.Done;
  }

  /** True when the router took the resolve. */
  public boolean resolve(String agent, ConversationId id, Instant now) {
    return core.resolve(agent, id, now) instanceof CommandResult.Done;
  }

  /** Fires the router's timers due by {@code now} (escalation, SLA, a strategy's key changes). */
  public void tick(Instant now) {
    core.tick(now);
  }

  /** What the last commands decided; the changed conversations (the store's business) are dropped. */
  public List<RoutingDecision> drainDecisions() {
    core.drainChanged();
    return core.drainDecisions();
  }
}
