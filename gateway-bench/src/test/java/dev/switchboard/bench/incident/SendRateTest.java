package dev.switchboard.bench.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendRateTest {

  private static final long MS = 1_000_000L;

  @Test
  void evenlyPacedSendsGiveThePacingRate() {
    List<Long> arrivals = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      arrivals.add(5_000 * MS + i * 10 * MS); // one every 10 ms: 100/s
    }
    Collections.shuffle(arrivals);

    SendRate rate = SendRate.of(arrivals);

    assertThat(rate.sends()).isEqualTo(1001);
    assertThat(rate.steadyPerSecond()).isCloseTo(100, within(0.01));
    assertThat(rate.wholePerSecond()).isCloseTo(100, within(0.01));
    assertThat(rate.seconds()).isCloseTo(10, within(0.001));
    assertThat(rate.ofLimit(100)).isCloseTo(1, within(0.001));
  }

  @Test
  void aBurstAtTheStartAndAStragglerAtTheEndStayOutOfTheSteadyRate() {
    List<Long> arrivals = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      arrivals.add(0L); // the burst the pacing allows at once
    }
    for (int i = 1; i <= 900; i++) {
      arrivals.add(i * 20 * MS); // 50/s
    }
    for (int i = 0; i < 50; i++) {
      arrivals.add(60_000 * MS); // the last few, a minute later, after their retry
    }

    SendRate rate = SendRate.of(arrivals);

    assertThat(rate.steadyPerSecond()).isCloseTo(50, within(0.5));
    assertThat(rate.wholePerSecond()).isCloseTo(999 / 60.0, within(0.01));
    assertThat(rate.ofLimit(100)).isCloseTo(0.5, within(0.01));
  }

  @Test
  void oneSendOrNoneHasNoRate() {
    assertThat(SendRate.of(List.of()).steadyPerSecond()).isZero();
    assertThat(SendRate.of(List.of(7L)).sends()).isEqualTo(1);
    assertThat(SendRate.of(List.of(7L)).wholePerSecond()).isZero();
    assertThat(SendRate.of(List.of(7L, 7L)).steadyPerSecond()).isZero();
    assertThat(SendRate.of(List.of(1L, 2L)).ofLimit(0)).isZero();
  }
}
