package dev.switchboard.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a conversation stands. */
public enum ConversationStatus {
  /** Waiting in the routing queue for an agent (offers are router state, not a status). */
  QUEUED,
  /** Held by an agent. */
  ASSIGNED,
  /** Done; a new inbound message reopens it. */
  RESOLVED;

  /** The lower-case name, made once: {@link #key()} runs on every message's path. */
  private final String key = name().toLowerCase(Locale.ROOT);

  public boolean isOpen() {
    return this != RESOLVED;
  }

  /** The lower-case name used in JSON. */
  @JsonValue
  public String key() {
    return key;
  }

  /** The value for a key as written in JSON; throws {@link IllegalArgumentException} for an unknown one. */
  @JsonCreator
  public static ConversationStatus ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
