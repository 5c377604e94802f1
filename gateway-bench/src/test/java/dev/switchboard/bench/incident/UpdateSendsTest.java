package dev.switchboard.bench.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bench.sms.IdempotentTwilioStandIn.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateSendsTest {

  @Test
  void oneRequestPerTokenAndNumberIsExactlyOnce() {
    UpdateSends sends = UpdateSends.of(List.of(
        new Request("t1", "+1", "update", 0), new Request("t2", "+2", "update", 10_000_000),
        new Request("s1", "+1", "status", 5), new Request("t3", "+3", "update", 20_000_000)), "update");

    assertThat(sends.requests()).isEqualTo(3);
    assertThat(sends.tokens()).isEqualTo(3);
    assertThat(sends.recipients()).isEqualTo(3);
    assertThat(sends.exactlyOnce(3)).isTrue();
    assertThat(sends.exactlyOnce(4)).isFalse();
    assertThat(sends.rate().wholePerSecond()).isEqualTo(100);
  }

  @Test
  void aRepeatedTokenIsADuplicateEvenThoughTheCustomerGetsOneText() {
    UpdateSends sends = UpdateSends.of(List.of(
        new Request("t1", "+1", "update", 0), new Request("t1", "+1", "update", 1),
        new Request("t2", "+2", "update", 2)), "update");

    assertThat(sends.duplicateTokens()).isEqualTo(1);
    assertThat(sends.tokens()).isEqualTo(2);
    assertThat(sends.exactlyOnce(2)).isFalse();
  }

  @Test
  void twoTokensToOneNumberOrNoTokenAreNotExactlyOnce() {
    UpdateSends twoTokens = UpdateSends.of(List.of(
        new Request("t1", "+1", "update", 0), new Request("t2", "+1", "update", 1)), "update");
    UpdateSends noToken = UpdateSends.of(List.of(
        new Request(null, "+1", "update", 0), new Request("t2", "+2", "update", 1)), "update");

    assertThat(twoTokens.recipients()).isEqualTo(1);
    assertThat(twoTokens.exactlyOnce(2)).isFalse();
    assertThat(noToken.withoutToken()).isEqualTo(1);
    assertThat(noToken.exactlyOnce(2)).isFalse();
  }
}
