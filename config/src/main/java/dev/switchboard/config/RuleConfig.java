package dev.switchboard.config;

import java.util.List;
import java.util.Map;

/**
 * One classification rule: when every condition in {@code when} matches, the conversation gets
 * {@code tier} and needs {@code skills}. Condition keys: {@code channel}, {@code contact.<attribute>},
 * {@code subject} and {@code text} (regular expressions), {@code businessHours} ({@code open}/{@code closed}).
 */
public record RuleConfig(Map<String, String> when, @Required String tier, List<String> skills) {

  public RuleConfig {
    when = when == null ? Map.of() : Map.copyOf(when);
    skills = skills == null ? List.of() : List.copyOf(skills);
  }
}
