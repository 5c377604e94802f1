package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Set;

/** Which conversations a search may return. */
public sealed interface SearchScope {

  /** Every conversation (an admin, a supervisor, an agent who serves every tier). */
  record Everything() implements SearchScope {}

  /**
   * An agent's: the conversations of the {@code tiers} they serve, and those they hold or held last
   * whatever their tier now is.
   */
  record AgentTiers(String agent, Set<String> tiers) implements SearchScope {
    public AgentTiers {
      requireNonNull(agent, "agent");
      tiers = Set.copyOf(tiers);
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
