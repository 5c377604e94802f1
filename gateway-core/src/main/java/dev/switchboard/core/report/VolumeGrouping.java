package dev.switchboard.core.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the volume report puts its rows by: the {@code groupBy} parameter ({@code day} when none). */
public enum VolumeGrouping {
  DAY, HOUR, CHANNEL, TIER;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The grouping for a key such as {@code hour}; throws {@link IllegalArgumentException} naming the keys. */
  public static VolumeGrouping ofKey(String key) {
    for (VolumeGrouping g : values()) {
      if (g.key().equals(key)) {
        return g;
      }
    }
    throw new IllegalArgumentException("groupBy: \"" + key + "\" is not one of "
        + Arrays.stream(values()).map(VolumeGrouping::key).collect(Collectors.joining(", ")) + ".");
  }
}
