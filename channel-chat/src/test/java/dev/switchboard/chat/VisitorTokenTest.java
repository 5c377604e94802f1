package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VisitorTokenTest {

  @Test
  void mintedTokensCarry256RandomBitsAndNeverRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      VisitorToken t = VisitorToken.mint();
      assertThat(t.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
      assertThat(seen.add(t.value())).isTrue();
    }
  }

  @Test
  void visitorIdIsTheSha256OfTheTokenAndRevealsNothingOfIt() {
    VisitorToken t = new VisitorToken("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ");
    // sha256("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"), computed independently with sha256sum
    assertThat(t.visitorId())
        .isEqualTo("46a2199782c8827f0ac56f503be9d39efee97f40a736b92cc7d7c5f825cfd851")
        .doesNotContain(t.value());
    assertThat(VisitorToken.mint().visitorId()).isNotEqualTo(t.visitorId());
  }

  @Test
  void toStringNeverShowsTheSecret() {
    VisitorToken t = VisitorToken.mint();
    assertThat(t.toString()).doesNotContain(t.value());
  }

  @Test
  void malformedTokensAreRefused() {
    assertThat(VisitorToken.isWellFormed("short")).isFalse();
    assertThat(VisitorToken.isWellFormed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO+/")).isFalse();
    assertThat(VisitorToken.isWellFormed(null)).isFalse();
    assertThatThrownBy(() -> new VisitorToken("x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("x\"");
  }
}
