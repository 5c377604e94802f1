package dev.switchboard.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A warm-up that lasts until the JIT compilers have settled: the load runs in slices ({@link #SLICE} unless told), for at
 * least {@code minimum}, then on until the compiler threads of the watched processes took at most
 * {@link #SETTLED} of one core in each of the last {@link #QUIET_SLICES} slices, and never past {@code maximum}.
 *
 * <p>Why: on two cores C2 compiles a gateway's hot paths for 30–40 s after it starts, and while it does its
 * threads take a core the event loops, the store writer and the load's own clients need. A phase measured in
 * that time measures the start-up (its {@code jit_us_per_msg} says so), and its p99 swings with how much was
 * left to compile. A fixed longer warm-up would be either too short on a busy machine or wasted on a quiet
 * one; this one ends when the compilers are done and prints how long that took.
 */
public record WarmUp(Duration minimum, Duration maximum, Duration slice) {

  /** Compilers below this share of one core over a slice: what is left to compile no longer moves a phase. */
  public static final double SETTLED = 0.05;

  /** Quiet slices in a row that count as settled: C2 works in bursts, and one slice can fall in a lull. */
  public static final int QUIET_SLICES = 2;

  /** How often the compilers' share is read, unless told. */
  public static final Duration SLICE = Duration.ofSeconds(1);

  /** The flags' defaults: {@code --warmup=3s}, {@code --warmup-max=60s}. */
  public static WarmUp from(Flags flags) {
    return new WarmUp(flags.duration("warmup", Duration.ofSeconds(3)),
        flags.duration("warmup-max", Duration.ofSeconds(60)), SLICE);
  }

  public WarmUp {
    requireNonNull(minimum, "minimum");
    requireNonNull(maximum, "maximum");
    requireNonNull(slice, "slice");
    if (slice.isNegative() || slice.isZero()) {
      throw new IllegalArgumentException("slice " + slice + " (expected: > 0)");
    }
    if (maximum.compareTo(minimum) < 0) {
      throw new IllegalArgumentException("warmup-max " + maximum + " is shorter than warmup " + minimum);
    }
  }

  /** The load to run for the length of one slice. */
  public interface Load {
    void run(Duration slice) throws Exception;
  }

  /**
   * How the warm-up ended: how long it ran, whether the compilers had settled (or {@code maximum} stopped it,
   * or no watched process could be read), and their share of one core in the last slice (-1: unknown).
   */
  public record Outcome(Duration took, boolean settled, double lastCompilerShare) {

    /** For a scenario's log. */
    public String describe() {
      return String.format(Locale.ROOT, "warm-up %.1f s, JIT compilers %s (%.1f %% of a core in the last slice)",
          took.toMillis() / 1000.0, settled ? "settled" : "NOT settled", lastCompilerShare * 100);
    }
  }

  /** Runs {@code load} until the compilers of {@code watched} have settled, as the class says. */
  public Outcome run(Load load, List<Supplier<CpuTime>> watched) throws Exception {
    long start = System.nanoTime();
    double share = -1;
    int quiet = 0;
    while (true) {
      long elapsed = System.nanoTime() - start;
      if (elapsed >= minimum.toNanos() && quiet >= QUIET_SLICES) {
        return new Outcome(Duration.ofNanos(elapsed), true, share);
      }
      if (elapsed >= maximum.toNanos()) {
        return new Outcome(Duration.ofNanos(elapsed), false, share);
      }
      Duration next = Duration.ofNanos(Math.min(slice.toNanos(), maximum.toNanos() - elapsed));
      long compilerBefore = compilerMicros(watched);
      long sliceStart = System.nanoTime();
      load.run(next);
      long compilerAfter = compilerMicros(watched);
      long wallMicros = Math.max(1, (System.nanoTime() - sliceStart) / 1_000);
      share = compilerBefore < 0 || compilerAfter < 0 ? -1
          : Math.max(0, compilerAfter - compilerBefore) / (double) wallMicros;
      quiet = share >= 0 && share <= SETTLED ? quiet + 1 : 0;
      if (share < 0 && System.nanoTime() - start >= minimum.toNanos()) {
        // Nothing to watch: a plain warm-up of the minimum.
        return new Outcome(Duration.ofNanos(System.nanoTime() - start), false, -1);
      }
    }
  }

  /** The watched processes' compiler time so far, or -1 when any cannot be read. */
  private static long compilerMicros(List<Supplier<CpuTime>> watched) {
    long sum = 0;
    for (Supplier<CpuTime> w : watched) {
      long micros = w.get().compilerMicros();
      if (micros < 0) {
        return -1;
      }
      sum += micros;
    }
    return sum;
  }

  /** This JVM's own CPU time: the load's clients compile too, on the same cores. */
  public static CpuTime ownCpu() {
    return CpuTime.of(ProcessHandle.current().pid());
  }
}
