package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final MutableClock clock = MutableClock.startingAt("2026-01-01T10:00:00Z");

  @Test
  void allowsTheBurstThenRefusesUntilTimeRefills() {
    RateLimiter limiter = new RateLimiter(clock, 3, Duration.ofMinutes(1));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();

    clock.advance(Duration.ofSeconds(19));
    assertThat(limiter.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(1)); // 20 s = one token at 3 per minute
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void refillNeverExceedsTheBurst() {
    RateLimiter limiter = new RateLimiter(clock, 2, Duration.ofMinutes(1));
    clock.advance(Duration.ofHours(1));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }
}
