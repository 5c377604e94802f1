package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void emptyHistogramReportsZero() {
    LatencyHistogram h = new LatencyHistogram();

    assertThat(h.count()).isZero();
    assertThat(h.percentileMicros(99)).isZero();
    assertThat(h.maxMicros()).isZero();
  }

  @Test
  void smallValuesAreExact() {
    LatencyHistogram h = new LatencyHistogram();
    for (int us = 1; us <= 100; us++) {
      h.recordMicros(us);
    }

    assertThat(h.percentileMicros(50)).isEqualTo(50);
    assertThat(h.percentileMicros(99)).isEqualTo(99);
    assertThat(h.percentileMicros(100)).isEqualTo(100);
    assertThat(h.percentileMicros(0)).isEqualTo(1);
  }

  @Test
  void percentilesOfSpreadValuesAreWithinOneSixtyFourth() {
    LatencyHistogram h = new LatencyHistogram();
    Random random = new Random(42);
    long[] values = new long[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) Math.exp(random.nextDouble() * Math.log(5_000_000));   // 1 µs .. 5 s, log-uniform
      h.recordMicros(values[i]);
    }
    Arrays.sort(values);

    for (double p : new double[] {50, 90, 99, 99.9}) {
      long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
      assertThat((double) h.percentileMicros(p)).as("p%s", p).isCloseTo(exact, within(exact / 64.0 + 1));
      assertThat(h.percentileMicros(p)).as("p%s is an upper bound", p).isGreaterThanOrEqualTo(exact);
    }
  }

  @Test
  void everyBucketsUpperBoundMapsBackToTheSameBucket() {
    for (int i = 0; i < 2000; i++) {
      long upper = LatencyHistogram.upperBoundOf(i);
      assertThat(LatencyHistogram.indexOf(upper)).isEqualTo(i);
      assertThat(LatencyHistogram.indexOf(upper + 1)).isEqualTo(i + 1);
    }
  }

  @Test
  void nanosAreRecordedAsMicrosAndNegativeAsZero() {
    LatencyHistogram h = new LatencyHistogram();
    h.recordNanos(1_500_000);
    h.recordNanos(-5);

    assertThat(h.count()).isEqualTo(2);
    assertThat(h.percentileMicros(50)).isZero();
    assertThat(h.percentileMillis(100)).isCloseTo(1.5, within(1.5 / 64));
  }

  @Test
  void refusesPercentileOutsideZeroToHundred() {
    assertThatThrownBy(() -> new LatencyHistogram().percentileMicros(101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("percentile: 101");
  }
}
