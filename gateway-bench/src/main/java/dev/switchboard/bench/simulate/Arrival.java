package dev.switchboard.bench.simulate;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;

/**
 * One conversation of the trace: when it arrives (milliseconds into the day), its tier (an index into the
 * workload's tiers), channel, whether it needs the specialist skill, and a handle time drawn for its channel.
 */
record Arrival(int seq, long atMillis, int tier, Channel channel, boolean needsSkill, long handleMillis) {
  Arrival {
    requireNonNull(channel, "channel");
    if (atMillis < 0 || handleMillis < 0) {
      throw new IllegalArgumentException("atMillis: " + atMillis + ", handleMillis: " + handleMillis
          + " (expected: >= 0)");
    }
  }
}
