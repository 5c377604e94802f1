package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Linux {@code /proc} figures a scenario reports beside its own: load average, a process's CPU time. */
public final class ProcStat {

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
      return CpuTime.micros(CpuTime.ticks(Files.readString(Path.of("/proc/" + pid + "/stat"))));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
