package dev.switchboard.channel.email;

import java.time.Duration;

/** Reconnect delays that double from {@code initial} up to {@code max}, starting over after a success. */
record Backoff(Duration initial, Duration max) {

  Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial: " + initial + " (expected: > 0)");
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max: " + max + " (expected: >= initial " + initial + ")");
    }
  }

  static Backoff standard() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
  }

  /** The delay before reconnect attempt {@code failures} (1 after the first failure). */
  Duration delay(int failures) {
    if (failures <= 1) {
      return initial;
    }
    int doublings = Math.min(failures - 1, 30);
    long millis = initial.toMillis() << doublings;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }
}
