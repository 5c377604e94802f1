package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  private final OriginPolicy policy = new OriginPolicy(
      List.of("https://www.example.com", "https://shop.example.com/"), URI.create("https://support.example.com"));

  @Test
  void allowsListedOriginsExactly() {
    assertThat(policy.allows(Optional.of("https://www.example.com"), Optional.empty())).isTrue();
    assertThat(policy.allows(Optional.of("https://shop.example.com"), Optional.empty())).isTrue();
  }

  @Test
  void refusesLookAlikes() {
    assertThat(policy.allows(Optional.of("http://www.example.com"), Optional.empty())).isFalse();
    assertThat(policy.allows(Optional.of("https://www.example.com.evil.net"), Optional.empty())).isFalse();
    assertThat(policy.allows(Optional.of("https://evil-www.example.com"), Optional.empty())).isFalse();
    assertThat(policy.allows(Optional.of("https://www.example.com:8443"), Optional.empty())).isFalse();
  }

  @Test
  void allowsTheGatewaysOwnOriginForTheDemoPage() {
    assertThat(policy.allows(Optional.of("https://support.example.com"), Optional.empty())).isTrue();
    assertThat(policy.allows(Optional.of("http://127.0.0.1:8080"), Optional.of("127.0.0.1:8080"))).isTrue();
    assertThat(policy.allows(Optional.of("http://evil.net"), Optional.of("127.0.0.1:8080"))).isFalse();
  }

  @Test
  void refusesAHandshakeWithoutOrigin() {
    assertThat(policy.allows(Optional.empty(), Optional.of("127.0.0.1:8080"))).isFalse();
  }
}
