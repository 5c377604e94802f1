package dev.switchboard.core.report;

import static java.util.Objects.requireNonNull;

/** One group of the volume report: conversations opened, and how many of them are resolved by now. */
public record VolumeRow(String group, long conversations, long resolved) {

  public VolumeRow {
    requireNonNull(group, "group");
  }

  public long open() {
    return conversations - resolved;
  }
}
