package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket for one connection: {@code perWindow} tokens that refill evenly over {@code window}.
 * Not thread-safe; a connection uses it from its own event loop.
 */
final class RateLimiter {

  private final Clock clock;
  private final double capacity;
  private final double tokensPerNano;
  private double tokens;
  private long lastNanos;

  RateLimiter(Clock clock, int perWindow, Duration window) {
    this.clock = requireNonNull(clock, "clock");
    if (perWindow < 1) {
      throw new IllegalArgumentException("perWindow: " + perWindow + " (expected: > 0)");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
    }
    this.capacity = perWindow;
    this.tokensPerNano = perWindow / (double) window.toNanos();
    this.tokens = perWindow;
    this.lastNanos = nowNanos();
  }

  /** Takes one token if there is one. */
  boolean tryAcquire() {
    long now = nowNanos();
    if (now > lastNanos) {
      tokens = Math.min(capacity, tokens + (now - lastNanos) * tokensPerNano);
      lastNanos = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private long nowNanos() {
    var i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
