package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import java.util.Collection;
import java.util.Set;

/**
 * Which conversations a search may return, and which an agent may read ({@code history}): one rule for
 * both, so that every result opens. The search's SQL says the same as {@link #allows}.
 */
public sealed interface SearchScope {

  /** Whether {@code c} is in this scope. */
  boolean allows(Conversation c);

  /** Every conversation (an admin, a supervisor, an agent who serves every tier). */
  record Everything() implements SearchScope {
    @Override
    public boolean allows(Conversation c) {
      return true;
    }
  }

  /**
   * An agent's: the conversations of the {@code tiers} they serve, and those they hold or held last
   * whatever their tier now is.
   */
  record AgentTiers(String agent, Set<String> tiers) implements SearchScope {
    public AgentTiers {
      requireNonNull(agent, "agent");
      tiers = Set.copyOf(tiers);
    }

    @Override
    public boolean allows(Conversation c) {
      return (c.tier() != null && tiers.contains(c.tier())) || agent.equals(c.assignee()) || agent.equals(c.lastAgent());
    }
  }

  static SearchScope everything() {
    return new Everything();
  }

  /** An agent's scope; one who serves every tier ({@code tiers} empty) may find everything. */
  static SearchScope agent(String agent, Collection<String> tiers, boolean supervisor) {
    return supervisor || tiers.isEmpty() ? new Everything() : new AgentTiers(agent, Set.copyOf(tiers));
  }
}
