package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  private final OriginPolicy policy = new OriginPolicy(
      List.of("https://www.example.com", "https://shop.example.com/"), () -> URI.create("https://support.example.com"));

  @Test
  void allowsListedOriginsExactly() {
    assertThat(policy.allows(Optional.of("https://www.example.com"))).isTrue();
    assertThat(policy.allows(Optional.of("https://shop.example.com"))).isTrue();
  }

  @Test
  void refusesLookAlikes() {
    assertThat(policy.allows(Optional.of("http://www.example.com"))).isFalse();
    assertThat(policy.allows(Optional.of("https://www.example.com.evil.net"))).isFalse();
    assertThat(policy.allows(Optional.of("https://evil-www.example.com"))).isFalse();
    assertThat(policy.allows(Optional.of("https://www.example.com:8443"))).isFalse();
  }

  @Test
  void allowsTheGatewaysOwnOriginForTheDemoPage() {
    assertThat(policy.allows(Optional.of("https://support.example.com"))).isTrue();
    assertThat(policy.allows(Optional.of("http://evil.net"))).isFalse();
  }

  @Test
  void refusesAHandshakeWithoutOrigin() {
    assertThat(policy.allows(Optional.empty())).isFalse();
  }

  @Test
  void aStarAllowsAnyPageButStillNeedsAnOrigin() {
    OriginPolicy any = new OriginPolicy(List.of("*"), () -> null);
    assertThat(any.allows(Optional.of("http://127.0.0.1:41234"))).isTrue();
    assertThat(any.allows(Optional.of("https://shop.example.net"))).isTrue();
    assertThat(any.allows(Optional.empty())).isFalse();
  }
}
