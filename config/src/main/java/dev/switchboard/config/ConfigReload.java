package dev.switchboard.config;

import static java.util.Objects.requireNonNull;

/** What a {@link ConfigWatcher} found when the file changed: a config to apply, or why it was refused. */
public sealed interface ConfigReload {

  /** The changed file is valid; apply {@code config}. */
  record Loaded(GatewayConfig config) implements ConfigReload {
    public Loaded {
      requireNonNull(config, "config");
    }
  }

  /** The changed file is invalid (or unreadable); keep the running config and show {@code error}'s problems. */
  record Rejected(ConfigException error) implements ConfigReload {
    public Rejected {
      requireNonNull(error, "error");
    }
  }
}
