package dev.switchboard.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The ways a customer reaches us. */
public enum Channel {
  EMAIL, SMS, CHAT;

  /** The lower-case name, made once: {@link #key()} runs on every message's path. */
  private final String key = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in config keys, JSON and URLs: {@code email}, {@code sms}, {@code chat}. */
  @JsonValue
  public String key() {
    return key;
  }

  /** The channel for a key such as {@code sms}; throws {@link IllegalArgumentException} for an unknown one. */
  @JsonCreator
  public static Channel ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
