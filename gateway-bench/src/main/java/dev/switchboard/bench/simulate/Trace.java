package dev.switchboard.bench.simulate;

import dev.switchboard.bench.simulate.Workload.ChannelMix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The arrivals of one simulated period, drawn once from a seed so that every policy replays the same. */
final class Trace {

  private Trace() {}

  static List<Arrival> generate(Workload workload, ArrivalProfile profile, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Arrival> out = new ArrayList<>();
    double[] tierShares = workload.tiers().stream().mapToDouble(Workload.TierMix::share).toArray();
    double[] channelShares = workload.channels().stream().mapToDouble(ChannelMix::share).toArray();
    for (int hour = 0; hour < profile.hours(); hour++) {
      double rate = profile.ratePerSecond(hour);
      if (rate <= 0) {
        continue;
      }
      double end = (hour + 1) * 3600.0;
      // The process is memoryless, so starting afresh at each hour's edge draws exactly the same law.
      for (double t = hour * 3600.0 + exponential(random, 1 / rate); t < end; t += exponential(random, 1 / rate)) {
        int tier = pick(random, tierShares);
        ChannelMix channel = workload.channels().get(pick(random, channelShares));
        boolean skill = random.nextDouble() < workload.skillShare();
        long handle = Math.round(exponential(random, channel.meanHandle().toMillis()));
        out.add(new Arrival(out.size(), Math.round(t * 1000), tier, channel.channel(), skill, handle));
      }
    }
    return out;
  }

  static double exponential(SplittableRandom random, double mean) {
    return -Math.log(1 - random.nextDouble()) * mean;
  }

  private static int pick(SplittableRandom random, double[] shares) {
    double u = random.nextDouble();
    for (int i = 0; i < shares.length - 1; i++) {
      u -= shares[i];
      if (u < 0) {
        return i;
      }
    }
    return shares.length - 1;
  }
}
