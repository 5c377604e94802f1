package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Adversarial customer content of about a megabyte, and the bound a pass over it must keep. The work is
 * measured as the CPU time of the thread doing the pass (so other builds on a shared machine do not count)
 * and bounded widely: a linear pass over a megabyte takes milliseconds to a second, while the quadratic
 * passes it guards against took minutes to hours on such input. A wall-clock limit, wider still, stops a
 * pass that would never end. Passes that run on other threads (an HTTP request) use {@link #withinWallClock}.
 */
final class HostileText {

  static final int MEGABYTE = 1 << 20;
  static final Duration BUDGET = Duration.ofSeconds(5);
  static final Duration WALL_CLOCK = Duration.ofSeconds(60);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private HostileText() {}

  /** {@code unit} repeated until the text reaches a megabyte. */
  static String megabyteOf(String unit) {
    return unit.repeat(MEGABYTE / unit.length() + 1);
  }

  /** Runs a pass over hostile input on this thread; fails if it used more than {@link #BUDGET} of CPU. */
  static <T> T withinBudget(ThrowingSupplier<T> pass) {
    return assertTimeoutPreemptively(WALL_CLOCK, () -> {
      long start = THREADS.getCurrentThreadCpuTime();
      T result = pass.get();
      Duration used = Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - start);
      assertThat(used).as("CPU time of a pass over ~1 MB of hostile input").isLessThan(BUDGET);
      return result;
    }, "a pass over ~1 MB of hostile input did not end within " + WALL_CLOCK);
  }

  /** Runs a pass that works on other threads (a request to the server); fails after {@link #WALL_CLOCK}. */
  static <T> T withinWallClock(ThrowingSupplier<T> pass) {
    return assertTimeoutPreemptively(WALL_CLOCK, pass, "a pass over hostile input did not end within " + WALL_CLOCK);
  }
}
