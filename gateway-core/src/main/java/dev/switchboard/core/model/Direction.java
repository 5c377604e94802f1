package dev.switchboard.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who wrote a message: the customer, an agent to the customer, or an agent for colleagues only. */
public enum Direction {
  IN, OUT, NOTE;

  /** The lower-case name, made once: {@link #key()} runs on every message's path. */
  private final String key = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in JSON. */
  @JsonValue
  public String key() {
    return key;
  }

  /** The value for a key as written in JSON; throws {@link IllegalArgumentException} for an unknown one. */
  @JsonCreator
  public static Direction ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
