package dev.switchboard.bench.simulate;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import java.time.Duration;
import java.util.List;

/**
 * What a simulated desk is asked to do, apart from when: the tiers (share of arrivals, first-response
 * target), the channels (share, mean handle time, per-agent capacity) and the specialist skill (share of
 * work needing it, share of agents having it).
 */
record Workload(List<TierMix> tiers, List<ChannelMix> channels, double skillShare, double skilledAgentShare) {

  /** The skill a share of the work needs and a share of the agents have. */
  static final String SKILL = "specialist";

  /** A tier: its share of arrivals and its first-response target. */
  record TierMix(String name, double share, Duration target) {
    TierMix {
      requireNonNull(name, "name");
      requireNonNull(target, "target");
      checkShare(share, "share");
    }
  }

  /** A channel: its share of arrivals, the mean of its exponential handle time and each agent's capacity. */
  record ChannelMix(Channel channel, double share, Duration meanHandle, int capacity) {
    ChannelMix {
      requireNonNull(channel, "channel");
      requireNonNull(meanHandle, "meanHandle");
      checkShare(share, "share");
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
      }
    }

    /** Slot-seconds of work per arrival (of any channel) that this channel brings. */
    double loadPerArrival() {
      return share * meanHandle.toMillis() / 1000.0;
    }
  }

  Workload {
    tiers = List.copyOf(tiers);
    channels = List.copyOf(channels);
    checkShare(skillShare, "skillShare");
    checkShare(skilledAgentShare, "skilledAgentShare");
    checkSum(tiers.stream().mapToDouble(TierMix::share).sum(), "tiers");
    checkSum(channels.stream().mapToDouble(ChannelMix::share).sum(), "channels");
  }

  /**
   * The support day of issue #10: vip 10 % (2 m), standard 60 % (15 m), basic 30 % (4 h); chat, SMS and
   * mail each bringing the same load per arrival to one slot each per agent; 10 % of the work needs a
   * skill that 20 % of the agents have.
   */
  static Workload supportDay() {
    return new Workload(
        List.of(new TierMix("vip", 0.10, Duration.ofMinutes(2)),
            new TierMix("standard", 0.60, Duration.ofMinutes(15)),
            new TierMix("basic", 0.30, Duration.ofHours(4))),
        List.of(new ChannelMix(Channel.CHAT, 0.45, Duration.ofSeconds(240), 1),
            new ChannelMix(Channel.SMS, 0.30, Duration.ofSeconds(360), 1),
            new ChannelMix(Channel.EMAIL, 0.25, Duration.ofSeconds(432), 1)),
        0.10, 0.20);
  }

  /** One tier, one channel, capacity one, no skills: the M/M/c queue Erlang C describes. */
  static Workload singleQueue(Duration meanHandle, Duration target) {
    return new Workload(List.of(new TierMix("all", 1.0, target)),
        List.of(new ChannelMix(Channel.CHAT, 1.0, meanHandle, 1)), 0.0, 0.0);
  }

  int tierIndex(String name) {
    for (int i = 0; i < tiers.size(); i++) {
      if (tiers.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no tier " + name);
  }

  private static void checkShare(double share, String name) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(name + ": " + share + " (expected: 0..1)");
    }
  }

  private static void checkSum(double sum, String name) {
    if (Math.abs(sum - 1.0) > 1e-9) {
      throw new IllegalArgumentException(name + ": shares add up to " + sum + " (expected: 1)");
    }
  }
}
