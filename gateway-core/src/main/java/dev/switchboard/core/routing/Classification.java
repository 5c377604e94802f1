package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What the rules decided for a conversation: its tier, the skills it needs, and whether we are open. */
record Classification(String tier, List<String> skills, boolean open) {

  Classification {
    requireNonNull(tier, "tier");
    skills = List.copyOf(skills);
  }
}
