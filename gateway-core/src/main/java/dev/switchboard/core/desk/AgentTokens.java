package dev.switchboard.core.desk;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.admin.BearerAdminAuth;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Agents by the SHA-256 of their token. The index is built once per agents list (a live reload brings a
 * new list), so a sign-in costs one digest and one lookup instead of decoding every agent's configured
 * hash: a surge of sign-ins decoded 200 × 200 hashes on the event loops. Looking up by the digest leaks
 * nothing about a token through timing: the caller's input is hashed before it is compared.
 */
public final class AgentTokens {

  private record Index(List<AgentConfig> agents, Map<String, AgentConfig> byDigest) {}

  private final Supplier<List<AgentConfig>> agents;
  private volatile Index index = new Index(List.of(), Map.of());

  public AgentTokens(Supplier<List<AgentConfig>> agents) {
    this.agents = agents;
  }

  /** The agent whose {@code tokenSha256} is the SHA-256 of {@code token}. */
  public Optional<AgentConfig> find(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(current().byDigest().get(HexFormat.of().formatHex(BearerAdminAuth.sha256(token))));
  }

  private Index current() {
    List<AgentConfig> now = agents.get();
    Index i = index;
    if (i.agents() != now) {
      Map<String, AgentConfig> byDigest = new HashMap<>();
      for (AgentConfig a : now) {
        if (a.tokenSha256() != null) {
          byDigest.putIfAbsent(a.tokenSha256().toLowerCase(Locale.ROOT), a);
        }
      }
      i = new Index(now, Map.copyOf(byDigest));
      index = i;
    }
    return i;
  }

}
