package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void damonIsOnWhenAnyKdamondRuns(@TempDir Path admin) throws IOException {
    Path kdamonds = Files.createDirectory(admin.resolve("kdamonds"));
    Files.writeString(kdamonds.resolve("nr_kdamonds"), "2\n");
    Files.createDirectories(kdamonds.resolve("0"));
    Files.writeString(kdamonds.resolve("0").resolve("state"), "off\n");
    Files.createDirectories(kdamonds.resolve("1"));
    Files.writeString(kdamonds.resolve("1").resolve("state"), "on\n");

    assertThat(ProcStat.damon(kdamonds)).isEqualTo(ProcStat.Damon.ON);
  }

  @Test
  void damonIsOffWhenNoKdamondRuns(@TempDir Path admin) throws IOException {
    Path kdamonds = Files.createDirectory(admin.resolve("kdamonds"));
    Files.writeString(kdamonds.resolve("nr_kdamonds"), "1\n");
    Files.createDirectories(kdamonds.resolve("0"));
    Files.writeString(kdamonds.resolve("0").resolve("state"), "off\n");

    assertThat(ProcStat.damon(kdamonds)).isEqualTo(ProcStat.Damon.OFF);
    assertThat(ProcStat.damon(kdamonds).key()).isEqualTo("off");
  }

  @Test
  void damonIsNoneWithoutTheAdminInterface(@TempDir Path admin) {
    assertThat(ProcStat.damon(admin.resolve("kdamonds"))).isEqualTo(ProcStat.Damon.NONE);
  }
}
