package dev.switchboard.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.SendPace;
import dev.switchboard.core.model.Channel;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacingTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final SendPace TWO_A_SECOND = SendPace.of(2, c -> "ours");

  @Test
  void aBurstGoesAtOnceThenOneSendPerIntervalPerSender() {
    Pacing pacing = new Pacing();
    assertThat(pacing.take(Channel.SMS, "+1", TWO_A_SECOND, T0)).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", TWO_A_SECOND, T0)).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", TWO_A_SECOND, T0)).isEqualTo(Duration.ofMillis(500));
    // another number, and another channel, have slots of their own
    assertThat(pacing.take(Channel.SMS, "+2", TWO_A_SECOND, T0)).isZero();
    assertThat(pacing.take(Channel.EMAIL, "+1", TWO_A_SECOND, T0)).isZero();
    // half a second on, one slot is free again
    assertThat(pacing.take(Channel.SMS, "+1", TWO_A_SECOND, T0.plusMillis(500))).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", TWO_A_SECOND, T0.plusMillis(500))).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void sendsRefusedOneAfterAnotherAreToldSuccessiveSlots() {
    Pacing pacing = new Pacing();
    SendPace one = SendPace.of(1, c -> "ours");
    assertThat(pacing.take(Channel.SMS, "+1", one, T0)).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", one, T0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(pacing.take(Channel.SMS, "+1", one, T0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(pacing.take(Channel.SMS, "+1", one, T0)).isEqualTo(Duration.ofSeconds(3));
    assertThat(pacing.take(Channel.SMS, "+1", one, T0.plusSeconds(1))).isZero();
    assertThat(pacing.take(Channel.SMS, "+1", one, T0.plusSeconds(1))).isEqualTo(Duration.ofSeconds(1));
  }
}
