package dev.switchboard.core.routing;

import java.util.Locale;

/** An agent's own status: available for offers, or away (keeps their conversations, gets no new ones). */
public enum Presence {
  AVAILABLE, AWAY;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The presence for {@code available} or {@code away}; throws {@link IllegalArgumentException} otherwise. */
  public static Presence ofKey(String key) {
    return switch (key == null ? "" : key) {
      case "available" -> AVAILABLE;
      case "away" -> AWAY;
      default -> throw new IllegalArgumentException("status: " + key + " (expected: available or away)");
    };
  }
}
