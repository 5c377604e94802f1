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
    assertThat(ProcStat.damon(kdamonds(admin, "off", "on"))).isEqualTo(ProcStat.Damon.ON);
  }

  @Test
  void damonIsOffWhenNoKdamondRuns(@TempDir Path admin) throws IOException {
    Path kdamonds = kdamonds(admin, "off");

    assertThat(ProcStat.damon(kdamonds)).isEqualTo(ProcStat.Damon.OFF);
    assertThat(ProcStat.damon(kdamonds).key()).isEqualTo("off");
  }

  @Test
  void damonIsNoneWithoutTheAdminInterface(@TempDir Path admin) {
    assertThat(ProcStat.damon(admin.resolve("kdamonds"))).isEqualTo(ProcStat.Damon.NONE);
  }

  /** A DAMON admin directory as sysfs lays it out: {@code nr_kdamonds}, and {@code <n>/state} per kdamond. */
  private static Path kdamonds(Path admin, String... states) throws IOException {
    Path kdamonds = Files.createDirectory(admin.resolve("kdamonds"));
    Files.writeString(kdamonds.resolve("nr_kdamonds"), states.length + "\n");
    for (int n = 0; n < states.length; n++) {
      Path kdamond = Files.createDirectory(kdamonds.resolve(Integer.toString(n)));
      Files.writeString(kdamond.resolve("state"), states[n] + "\n");
    }
    return kdamonds;
  }
}
