package dev.switchboard.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What sort of address an {@link Identity} is. */
public enum IdentityKind {
  EMAIL, PHONE, CHAT_VISITOR;

  /** The lower-case name, made once: {@link #key()} runs on every message's path. */
  private final String key = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in JSON. */
  @JsonValue
  public String key() {
    return key;
  }

  /** The kind of address {@code channel} reaches a customer at. */
  public static IdentityKind of(Channel channel) {
    return switch (channel) {
      case EMAIL -> EMAIL;
      case SMS -> PHONE;
      case CHAT -> CHAT_VISITOR;
    };
  }

  /** The channel that reaches this kind of address. */
  public Channel channel() {
    return switch (this) {
      case EMAIL -> Channel.EMAIL;
      case PHONE -> Channel.SMS;
      case CHAT_VISITOR -> Channel.CHAT;
    };
  }

  /** The value for a key as written in JSON; throws {@link IllegalArgumentException} for an unknown one. */
  @JsonCreator
  public static IdentityKind ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
