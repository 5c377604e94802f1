package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {

  @Test
  void cpuTimeOfThisProcessIsPositiveAndNeverGoesBack() {
    long pid = ProcessHandle.current().pid();
    long before = ProcStat.cpuMicros(pid);
    long sum = 0;
    for (int i = 0; i < 50_000_000; i++) {
      sum += i ^ (sum >>> 3);
    }

    assertThat(sum).isNotZero();
    assertThat(before).isPositive();
    assertThat(ProcStat.cpuMicros(pid)).isGreaterThanOrEqualTo(before);
  }

  @Test
  void aProcessThatDoesNotExistHasNoCpuTime() {
    assertThat(ProcStat.cpuMicros(Long.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void loadAverageIsReadFromProc() {
    assertThat(ProcStat.loadAverage()).isGreaterThanOrEqualTo(0);
  }
}
