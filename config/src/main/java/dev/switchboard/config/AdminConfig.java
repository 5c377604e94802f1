package dev.switchboard.config;

import java.util.List;

/** Bearer tokens accepted by the admin REST API. */
public record AdminConfig(List<Secret> tokens) {

  public AdminConfig {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
  }
}
