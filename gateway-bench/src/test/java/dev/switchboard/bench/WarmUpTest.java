package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WarmUpTest {

  private static final Duration SLICE = Duration.ofMillis(20);

  /** The load: sleeps for the slice, and counts the slices. */
  private final List<Duration> slices = new ArrayList<>();

  private void load(Duration slice) throws InterruptedException {
    slices.add(slice);
    TimeUnit.NANOSECONDS.sleep(slice.toNanos());
  }

  /** A process whose compilers take a whole core for the first {@code busySlices} readings after the first. */
  private Supplier<CpuTime> compilersBusyFor(int busySlices) {
    long[] readings = {0};
    long[] compiler = {0};
    return () -> {
      // Readings come in pairs around each slice: a busy slice adds a slice's worth between its pair.
      long n = readings[0]++;
      if (n % 2 == 1 && n / 2 < busySlices) {
        compiler[0] += SLICE.toNanos() / 1_000;
      }
      return new CpuTime(10 * compiler[0] + 1, compiler[0]);
    };
  }

  @Test
  void goesOnPastTheMinimumWhileTheCompilersAreBusy() throws Exception {
    WarmUp.Outcome outcome = new WarmUp(SLICE, Duration.ofSeconds(5), SLICE)
        .run(this::load, List.of(compilersBusyFor(6)));

    assertThat(outcome.settled()).isTrue();
    assertThat(slices).hasSize(6 + WarmUp.QUIET_SLICES); // six busy slices, then the quiet ones
    assertThat(outcome.lastCompilerShare()).isZero();
  }

  @Test
  void stopsAtTheMinimumWhenTheCompilersAreQuiet() throws Exception {
    WarmUp.Outcome outcome = new WarmUp(SLICE.multipliedBy(4), Duration.ofSeconds(5), SLICE)
        .run(this::load, List.of(compilersBusyFor(0)));

    assertThat(outcome.settled()).isTrue();
    assertThat(outcome.took()).isGreaterThanOrEqualTo(SLICE.multipliedBy(4));
    assertThat(slices).hasSizeBetween(WarmUp.QUIET_SLICES, 4); // fewer than four when a sleep overran

  }

  @Test
  void neverRunsPastTheMaximum() throws Exception {
    Duration maximum = SLICE.multipliedBy(4).plusMillis(5);
    WarmUp.Outcome outcome = new WarmUp(SLICE, maximum, SLICE).run(this::load, List.of(compilersBusyFor(1_000)));

    assertThat(outcome.settled()).isFalse();
    assertThat(outcome.lastCompilerShare()).isGreaterThan(WarmUp.SETTLED);
    // The load is never asked past the maximum: the last slice is cut short to end there.
    assertThat(slices.stream().mapToLong(Duration::toNanos).sum()).isLessThanOrEqualTo(maximum.toNanos());
    assertThat(slices).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void oneQuietSliceBetweenBusyOnesIsNotSettled() throws Exception {
    long[] n = {0};
    long[] compiler = {0};
    // Busy, quiet, busy, then quiet for good.
    boolean[] busy = {true, false, true};
    Supplier<CpuTime> bursts = () -> {
      long reading = n[0]++;
      if (reading % 2 == 1 && reading / 2 < busy.length && busy[(int) (reading / 2)]) {
        compiler[0] += SLICE.toNanos() / 1_000;
      }
      return new CpuTime(10 * compiler[0] + 1, compiler[0]);
    };
    WarmUp.Outcome outcome = new WarmUp(SLICE, Duration.ofSeconds(5), SLICE).run(this::load, List.of(bursts));

    assertThat(outcome.settled()).isTrue();
    assertThat(slices).hasSize(3 + WarmUp.QUIET_SLICES);
  }

  @Test
  void everyWatchedProcessMustSettle() throws Exception {
    WarmUp.Outcome outcome = new WarmUp(SLICE, Duration.ofSeconds(5), SLICE)
        .run(this::load, List.of(compilersBusyFor(0), compilersBusyFor(3)));

    assertThat(outcome.settled()).isTrue();
    assertThat(slices).hasSize(3 + WarmUp.QUIET_SLICES);
  }

  @Test
  void withNothingToReadItIsAPlainWarmUpOfTheMinimum() throws Exception {
    WarmUp.Outcome outcome = new WarmUp(SLICE.multipliedBy(2), Duration.ofSeconds(5), SLICE)
        .run(this::load, List.of(() -> CpuTime.UNKNOWN));

    assertThat(outcome.settled()).isFalse();
    assertThat(outcome.lastCompilerShare()).isEqualTo(-1);
    assertThat(outcome.took()).isGreaterThanOrEqualTo(SLICE.multipliedBy(2));
    assertThat(slices).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void watchesThisJvmForReal() throws Exception {
    // Linux's /proc: this JVM's compiler threads can be read.
    assertThat(WarmUp.ownCpu().compilerMicros()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void refusesAMaximumBelowTheMinimum() {
    assertThatThrownBy(() -> new WarmUp(Duration.ofSeconds(3), Duration.ofSeconds(1), SLICE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmup-max");
  }
}
