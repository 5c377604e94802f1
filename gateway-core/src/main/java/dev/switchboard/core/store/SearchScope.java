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

  /** Every conversation (an admin, a supervisor). */
  record Everything() implements SearchScope {
    @Override
    public boolean allows(Conversation c) {
      return true;
    }
  }

  /**
   * An agent's: the conversations of the {@code tiers} they serve ({@code everyTier}: of any tier), and
   * those they hold or held last whatever their tier now is. A conversation with no tier (not classified:
   * a gateway's own mail, such as an e-mail proof's one-time link) is not an agent's to read.
   */
  record AgentTiers(String agent, Set<String> tiers, boolean everyTier) implements SearchScope {
    public AgentTiers {
      requireNonNull(agent, "agent");
      tiers = Set.copyOf(tiers);
    }

    @Override
    public boolean allows(Conversation c) {
      return (c.tier() != null && (everyTier || tiers.contains(c.tier()))) || agent.equals(c.assignee())
          || agent.equals(c.lastAgent());
    }
  }

  static SearchScope everything() {
    return new Everything();
  }

  /** An agent's scope: everything for a supervisor; an agent with no {@code tiers} serves every tier. */
  static SearchScope agent(String agent, Collection<String> tiers, boolean supervisor) {
    return supervisor ? new Everything() : new AgentTiers(agent, Set.copyOf(tiers), tiers.isEmpty());
  }

  /** Only what {@code agent} holds or held last (an agent no longer in the config). */
  static SearchScope heldBy(String agent) {
    return new AgentTiers(agent, Set.of(), false);
  }
}
