package dev.switchboard.core.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the SLA report puts its rows by: the {@code groupBy} parameter. */
public enum SlaGrouping {
  TIER, CHANNEL, AGENT, DAY;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The grouping for a key such as {@code tier}; throws {@link IllegalArgumentException} naming the keys. */
  public static SlaGrouping ofKey(String key) {
    for (SlaGrouping g : values()) {
      if (g.key().equals(key)) {
        return g;
      }
    }
    throw new IllegalArgumentException("groupBy: \"" + key + "\" is not one of " + keys() + ".");
  }

  static String keys() {
    return Arrays.stream(values()).map(SlaGrouping::key).collect(Collectors.joining(", "));
  }
}
