package dev.switchboard.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IdentityTest {

  /** The pattern the constructor used before it checked by hand: the oracle. */
  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");

  @Test
  void phoneNumbersAreAcceptedExactlyWhenTheE164PatternMatches() {
    Random random = new Random(11);
    String alphabet = "+0123456789 a٣";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder s = new StringBuilder();
      int length = 1 + random.nextInt(18);
      for (int i = 0; i < length; i++) {
        s.append(i > 0 ? alphabet.charAt(1 + random.nextInt(alphabet.length() - 1)) : alphabet.charAt(0));
      }
      if (round % 3 == 0) {
        s.insert(0, ' ');
      }
      String candidate = s.toString();
      boolean expected = E164.matcher(candidate.strip()).matches();
      assertThat(Identity.isE164(candidate.strip())).as(candidate).isEqualTo(expected);
      if (expected) {
        assertThat(Identity.phone(candidate).value()).isEqualTo(candidate.strip());
      } else {
        assertThatThrownBy(() -> Identity.phone(candidate)).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void phoneNumbersAtTheEdgesOfTheLength() {
    assertThat(Identity.isE164("+1")).isFalse();
    assertThat(Identity.isE164("+12")).isTrue();
    assertThat(Identity.isE164("+123456789012345")).isTrue();
    assertThat(Identity.isE164("+1234567890123456")).isFalse();
    assertThat(Identity.isE164("+0123")).isFalse();
    assertThat(Identity.isE164("1555000111")).isFalse();
  }
}
