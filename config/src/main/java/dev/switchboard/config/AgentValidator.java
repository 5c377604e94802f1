package dev.switchboard.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The checks of {@code agents}: unique ids, one token hash each, known tiers, capacities per known channel. */
final class AgentValidator {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private final Diagnostics d;

  AgentValidator(Diagnostics diagnostics) {
    this.d = diagnostics;
  }

  /** {@code tiers} is {@code null} when the tier names could not be read reliably (no tier is then reported unknown). */
  void validate(List<AgentConfig> agents, List<String> tiers) {
    Map<String, String> idPaths = new HashMap<>();
    Map<String, String> tokenOwners = new HashMap<>();
    for (int i = 0; i < agents.size(); i++) {
      AgentConfig agent = agents.get(i);
      String p = d.pathOf(agent, ConfigPath.index("agents", i));
      if (agent.id() != null) {
        if (agent.id().isBlank()) {
          d.report(p + ".id", "agent id is blank");
        } else if (idPaths.putIfAbsent(agent.id(), p) != null) {
          d.report(p + ".id", "duplicate agent id `" + agent.id() + "` (also " + idPaths.get(agent.id()) + ")");
        }
      }
      if (agent.tokenSha256() != null) {
        if (!SHA256_HEX.matcher(agent.tokenSha256()).matches()) {
          d.report(p + ".tokenSha256", "expected the SHA-256 of the agent's token as 64 hex digits, got "
              + agent.tokenSha256().length() + " characters");
        } else {
          String owner = tokenOwners.putIfAbsent(agent.tokenSha256().toLowerCase(Locale.ROOT), p);
          if (owner != null) {
            d.report(p + ".tokenSha256", "same token as " + owner + "; every agent needs their own");
          }
        }
      }
      if (tiers != null) {
        for (int t = 0; t < agent.tiers().size(); t++) {
          String tier = agent.tiers().get(t);
          if (!tiers.contains(tier)) {
            d.report(ConfigPath.index(p + ".tiers", t), RoutingValidator.unknownTier(tier, tiers));
          }
        }
      }
      for (Map.Entry<String, Integer> capacity : agent.capacity().entrySet()) {
        String cp = ConfigPath.key(p + ".capacity", capacity.getKey());
        if (!ConfigValidator.CHANNELS.contains(capacity.getKey())) {
          d.report(cp, "unknown channel, " + Spelling.hint(capacity.getKey(), ConfigValidator.CHANNELS));
        } else if (capacity.getValue() <= 0) {
          d.report(cp, "must be greater than zero, got " + capacity.getValue());
        }
      }
    }
  }
}
