package dev.switchboard.channel.email;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Adversarial customer content of about a megabyte, and the bound a pass over it must keep. The bound is
 * wide on purpose (the machine is shared; no timing is asserted tightly): a linear pass over a megabyte
 * takes milliseconds, while the quadratic passes it guards against took minutes to hours on such input.
 */
final class HostileText {

  static final int MEGABYTE = 1 << 20;
  static final Duration BUDGET = Duration.ofSeconds(5);

  private HostileText() {}

  /** {@code unit} repeated until the text reaches a megabyte. */
  static String megabyteOf(String unit) {
    return unit.repeat(MEGABYTE / unit.length() + 1);
  }

  /** Runs a pass over hostile input, failing (and abandoning it) if it takes longer than {@link #BUDGET}. */
  static <T> T withinBudget(ThrowingSupplier<T> pass) {
    return assertTimeoutPreemptively(BUDGET, pass, "a pass over ~1 MB of hostile input took longer than " + BUDGET);
  }
}
