package dev.switchboard.config;

import java.util.List;
import java.util.Map;

/**
 * An agent: the SHA-256 (hex) of their desk token, the tiers and skills they serve, and how many
 * conversations per channel ({@code chat}, {@code sms}, {@code email}) they can hold at once.
 */
public record AgentConfig(
    @Required String id,
    String name,
    @Required String tokenSha256,
    List<String> tiers,
    List<String> skills,
    Map<String, Integer> capacity,
    Boolean supervisor) {

  public AgentConfig {
    name = name == null ? id : name;
    tiers = tiers == null ? List.of() : List.copyOf(tiers);
    skills = skills == null ? List.of() : List.copyOf(skills);
    capacity = capacity == null ? Map.of("chat", 3, "sms", 5, "email", 10) : Map.copyOf(capacity);
    supervisor = supervisor == null ? Boolean.FALSE : supervisor;
  }
}
