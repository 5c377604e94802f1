package dev.switchboard.core.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.admin.BearerAdminAuth;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AgentTokensTest {

  private static AgentConfig agent(String id, String token) {
    String hash = token == null ? null : HexFormat.of().formatHex(BearerAdminAuth.sha256(token));
    return new AgentConfig(id, id, hash, List.of(), List.of(), Map.of("chat", 1), false);
  }

  @Test
  void findsTheAgentWhoseHashIsTheTokensDigestAndNoOneForAWrongToken() {
    AgentTokens tokens = new AgentTokens(() -> List.of(agent("alice", "alice-token"), agent("bob", "bob-token")));

    assertThat(tokens.find("bob-token")).map(AgentConfig::id).contains("bob");
    assertThat(tokens.find("alice-token")).map(AgentConfig::id).contains("alice");
    assertThat(tokens.find("carol-token")).isEmpty();
    assertThat(tokens.find("")).isEmpty();
    assertThat(tokens.find(null)).isEmpty();
  }

  @Test
  void aHashWrittenInUpperCaseStillMatches() {
    AgentConfig lower = agent("alice", "alice-token");
    AgentConfig upper = new AgentConfig("alice", "Alice", lower.tokenSha256().toUpperCase(Locale.ROOT),
        List.of(), List.of(), Map.of("chat", 1), false);

    assertThat(new AgentTokens(() -> List.of(upper)).find("alice-token")).isPresent();
  }

  @Test
  void aReloadedAgentsListIsSeenAtTheNextSignIn() {
    AtomicReference<List<AgentConfig>> config = new AtomicReference<>(List.of(agent("alice", "alice-token")));
    AgentTokens tokens = new AgentTokens(config::get);
    assertThat(tokens.find("dave-token")).isEmpty();

    config.set(List.of(agent("dave", "dave-token")));

    assertThat(tokens.find("dave-token")).map(AgentConfig::id).contains("dave");
    assertThat(tokens.find("alice-token")).as("a removed agent can no longer sign in").isEmpty();
  }
}
