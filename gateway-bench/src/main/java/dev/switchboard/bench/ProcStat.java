package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Linux {@code /proc} figures a scenario reports beside its own: load average, a process's CPU time. */
public final class ProcStat {

  /** Clock ticks per second of {@code utime}/{@code stime} ({@code getconf CLK_TCK}); 100 on Linux. */
  private static final long TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /** The 1-minute load average, or -1 where there is no {@code /proc/loadavg}. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** User plus system CPU time of process {@code pid} so far, in microseconds; -1 when unreadable. */
  public static long cpuMicros(long pid) {
    try {
      long ticks = CpuTime.ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
      return ticks * TimeUnit.SECONDS.toMicros(1) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
