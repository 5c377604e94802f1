package dev.switchboard.config;

import static java.util.Objects.requireNonNull;

/** A password or token from the config; {@link #toString()} never shows it, so it cannot leak into logs. */
public record Secret(String value) {

  public Secret {
    requireNonNull(value, "value");
  }

  /** The secret itself, for the one place that must hand it to a server. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "******";
  }
}
