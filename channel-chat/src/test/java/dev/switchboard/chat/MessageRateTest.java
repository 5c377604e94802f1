package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageRateTest {

  private final MutableClock clock = MutableClock.startingAt("2026-01-01T10:00:00Z");

  @Test
  void allowsTheBurstThenRefusesUntilTimeRefills() {
    MessageRate rate = new MessageRate(clock, 3, Duration.ofMinutes(1), 10);
    assertThat(rate.tryAcquire("v1")).isTrue();
    assertThat(rate.tryAcquire("v1")).isTrue();
    assertThat(rate.tryAcquire("v1")).isTrue();
    assertThat(rate.tryAcquire("v1")).isFalse();

    clock.advance(Duration.ofSeconds(19));
    assertThat(rate.tryAcquire("v1")).isFalse();
    clock.advance(Duration.ofSeconds(1)); // 20 s = one token at 3 per minute
    assertThat(rate.tryAcquire("v1")).isTrue();
    assertThat(rate.tryAcquire("v1")).isFalse();
  }

  @Test
  void eachVisitorHasItsOwnBucket() {
    MessageRate rate = new MessageRate(clock, 1, Duration.ofMinutes(1), 10);
    assertThat(rate.tryAcquire("v1")).isTrue();
    assertThat(rate.tryAcquire("v1")).isFalse();
    assertThat(rate.tryAcquire("v2")).isTrue();
  }

  @Test
  void refillNeverExceedsTheBurst() {
    MessageRate rate = new MessageRate(clock, 2, Duration.ofMinutes(1), 10);
    rate.tryAcquire("v1");
    clock.advance(Duration.ofHours(1));
    assertThat(rate.tryAcquire("v1")).isTrue();
    assertThat(rate.tryAcquire("v1")).isTrue();
    assertThat(rate.tryAcquire("v1")).isFalse();
  }

  @Test
  void aBucketUntouchedForAWindowIsForgotten() {
    MessageRate rate = new MessageRate(clock, 2, Duration.ofMinutes(1), 10);
    rate.tryAcquire("v1");
    clock.advance(Duration.ofSeconds(30));
    rate.tryAcquire("v2");
    assertThat(rate.tracked()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(30));
    assertThat(rate.tracked()).as("v1 has refilled; v2 has not").isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(rate.tracked()).isZero();
  }

  @Test
  void memoryIsCappedByDroppingTheLeastRecentlyUsedVisitor() {
    MessageRate rate = new MessageRate(clock, 1, Duration.ofMinutes(1), 3);
    for (int i = 0; i < 1000; i++) {
      rate.tryAcquire("v" + i);
    }
    assertThat(rate.tracked()).isEqualTo(3);
    assertThat(rate.tryAcquire("v999")).as("the most recent visitor keeps its empty bucket").isFalse();
  }
}
