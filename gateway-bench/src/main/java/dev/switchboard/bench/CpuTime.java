package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A process's CPU time so far, the part of it its JIT compiler threads spent, and its minor page faults. A
 * scenario reads one before and one after a measured phase. The compilers' part is reported beside the total
 * because on a busy or short run C2 is still compiling while the load is measured: a cost of warming up,
 * spread over however few messages the run managed, which makes one jar's figure swing between runs.
 *
 * <p>The page faults are reported for the same reason: a process's first touch of each page of its heap is a
 * fault, and on the virtual machines these figures come from each costs ~17 µs of CPU (docs/performance.md,
 * "The first touch of the heap"). A young generation the gateway has not yet been through once is paid for
 * page by page in whatever phase it falls, a start-up cost a gateway that has run a while no longer pays.
 *
 * <p>The compilers' part is read from the threads alive at the reading: a compiler thread that HotSpot
 * stopped in between (it adds and removes them as the compile queue grows and shrinks) takes its time with
 * it, so the part is a lower bound, and {@link #since} never lets it go below zero.
 */
public record CpuTime(long totalMicros, long compilerMicros, long minorFaults) {

  /** What a reading returns where {@code /proc} cannot be read. */
  public static final CpuTime UNKNOWN = new CpuTime(-1, -1, -1);

  /** A reading without its page faults (unknown). */
  public CpuTime(long totalMicros, long compilerMicros) {
    this(totalMicros, compilerMicros, -1);
  }

  /** Clock ticks per second of {@code utime}/{@code stime} ({@code getconf CLK_TCK}); 100 on Linux. */
  private static final long TICKS_PER_SECOND = 100;

  /** HotSpot names its compiler threads "C1 CompilerThread0", "C2 CompilerThread1", …; Linux keeps 15 chars. */
  private static final String COMPILER_THREAD = "CompilerThre";

  /** Reads process {@code pid}'s total from {@code /proc/<pid>/stat} and its compiler threads' from its tasks. */
  public static CpuTime of(long pid) {
    String processStat = readOrNull(Path.of("/proc/" + pid + "/stat"));
    if (processStat == null) {
      return UNKNOWN;
    }
    long total = micros(ticks(processStat));
    long faults = minorFaults(processStat);
    long compilerTicks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        String stat = readOrNull(task.resolve("stat"));
        if (stat != null && command(stat).contains(COMPILER_THREAD)) {
          compilerTicks += ticks(stat);
        }
      }
    } catch (IOException | RuntimeException e) {
      return new CpuTime(total, -1, faults);
    }
    return new CpuTime(total, micros(compilerTicks), faults);
  }

  /**
   * This reading minus an earlier one; unknown parts stay unknown. The compilers' part stays within 0 and the
   * total: the kernel scales and rounds the process's ticks and each thread's separately, so the threads' sum
   * can run a tick ahead of the process's (a CI run read 26 ticks of one thread against 25 of its process).
   */
  public CpuTime since(CpuTime earlier) {
    long total = totalMicros < 0 || earlier.totalMicros < 0 ? -1 : totalMicros - earlier.totalMicros;
    long compiler = compilerMicros < 0 || earlier.compilerMicros < 0 ? -1
        : Math.max(0, compilerMicros - earlier.compilerMicros);
    if (total >= 0 && compiler > total) {
      compiler = total;
    }
    long faults = minorFaults < 0 || earlier.minorFaults < 0 ? -1 : minorFaults - earlier.minorFaults;
    return new CpuTime(total, compiler, faults);
  }

  /** Total microseconds per item, or -1 when unknown or there were none. */
  public double totalPer(long items) {
    return per(totalMicros, items);
  }

  /** The compiler threads' microseconds per item, or -1 when unknown or there were none. */
  public double compilerPer(long items) {
    return per(compilerMicros, items);
  }

  /** Clock ticks of {@code utime}/{@code stime} as microseconds. */
  static long micros(long ticks) {
    return ticks * TimeUnit.SECONDS.toMicros(1) / TICKS_PER_SECOND;
  }

  /** Minor page faults per item, or -1 when unknown or there were none. */
  public double faultsPer(long items) {
    return minorFaults < 0 || items <= 0 ? -1 : minorFaults / (double) items;
  }

  /** User plus system ticks of a {@code stat} line. */
  static long ticks(String stat) {
    String[] fields = fields(stat);
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  /** Minor page faults of a {@code stat} line (field 10, {@code minflt}: the whole process's in its own). */
  static long minorFaults(String stat) {
    return Long.parseLong(fields(stat)[10 - 3]);
  }

  /** The fields from 3 (state) on: the command name (field 2) may hold spaces, so they start after its ')'. */
  private static String[] fields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
  }

  static String command(String stat) {
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  }

  private static String readOrNull(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException threadEnded) {
      return null;
    }
  }

  private static double per(long micros, long items) {
    return micros < 0 || items <= 0 ? -1 : micros / (double) items;
  }
}
