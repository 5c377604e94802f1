package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Linux {@code /proc} and {@code /sys} figures a scenario reports beside its own: load average, a process's CPU
 * time, whether the kernel's DAMON monitor runs.
 */
public final class ProcStat {

  private static final Path KDAMONDS = Path.of("/sys/kernel/mm/damon/admin/kdamonds");

  /**
   * Whether a kernel DAMON monitor (a {@code kdamond} thread) runs on this machine. A VM image may start one for
   * proactive reclaim; where it samples physical memory (here every 500 ms) on a guest with shadow paging, each
   * sample stalls a process with a large resident set for 10-20 ms, which a tail latency then shows and a small
   * baseline server hardly feels (docs/performance.md, "The kernel's DAMON monitor"). Every result line says
   * which it was.
   */
  public enum Damon {
    /** At least one kdamond runs. */
    ON,
    /** The admin interface is there and no kdamond runs. */
    OFF,
    /** No DAMON admin interface (another kernel, or not Linux) or it could not be read. */
    NONE;

    /** The value in a {@code RESULT} line. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private ProcStat() {}

  /** This machine's DAMON monitor, from its sysfs admin interface. */
  public static Damon damon() {
    return damon(KDAMONDS);
  }

  /** The DAMON monitor as the admin directory {@code kdamonds} (one {@code <n>/state} per kdamond) says. */
  static Damon damon(Path kdamonds) {
    if (!Files.isDirectory(kdamonds)) {
      return Damon.NONE;
    }
    try (Stream<Path> each = Files.list(kdamonds)) {
      return each.map(k -> k.resolve("state")).filter(Files::isRegularFile).anyMatch(ProcStat::isOn)
          ? Damon.ON
          : Damon.OFF;
    } catch (IOException | UncheckedIOException e) {
      return Damon.NONE;
    }
  }

  private static boolean isOn(Path state) {
    try {
      return Files.readString(state).strip().equals("on");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
