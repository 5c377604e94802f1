package dev.switchboard.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Channel;
import org.junit.jupiter.api.Test;

class TallyTest {

  private final Tally tally = new Tally(Workload.supportDay(), 10, 600_000);

  @Test
  void aWaitExactlyAtTheTargetIsWithinSla() {
    tally.answered(new Arrival(0, 0, 0, Channel.CHAT, false, 1), 120_000);
    tally.answered(new Arrival(1, 0, 0, Channel.CHAT, false, 1), 120_001);

    assertThat(tally.tier(0).withinSla()).isEqualTo(0.5);
  }

  @Test
  void reportsMeanP95AndMaxInSeconds() {
    for (int i = 1; i <= 100; i++) {
      tally.answered(new Arrival(i, 0, 1, Channel.SMS, false, 1), i * 1000L);
    }

    Tally.TierFigures f = tally.tier(1);
    assertThat(f.answered()).isEqualTo(100);
    assertThat(f.meanS()).isEqualTo(50.5);
    assertThat(f.p95S()).isEqualTo(95.0);
    assertThat(f.maxS()).isEqualTo(100.0);
  }

  @Test
  void sharesWithinSlaAreKeptPerArrivalBucket() {
    tally.answered(new Arrival(0, 0, 2, Channel.EMAIL, false, 1), 0);
    tally.answered(new Arrival(1, 700_000, 2, Channel.EMAIL, false, 1), 5 * 3_600_000L);

    assertThat(tally.withinSlaByBucket(2)).containsExactly(1.0, 0.0);
    assertThat(tally.withinSlaByBucket(0)[0]).isNaN();
  }
}
