package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyPolicyTest {

  private final CopyPolicy policy = new CopyPolicy("Support@Example.com", 2);

  @Test
  void keepsValidStrangersOnceInOrderUpToTheLimit() {
    CopyPolicy.Choice choice = policy.choose(
        List.of("Anna@Customer.example", "anna@customer.example", "bob@customer.example", "carl@customer.example"),
        "jane@customer.example");

    assertThat(choice.kept()).containsExactly("anna@customer.example", "bob@customer.example");
    assertThat(choice.dropped()).isEqualTo(Map.of(CopyPolicy.Dropped.OVER_LIMIT, 1));
  }

  @Test
  void leavesOutTheCustomerUsOurDomainAndInvalidAddressesWithoutUsingTheLimit() {
    CopyPolicy.Choice choice = policy.choose(List.of("support@example.com", "JANE@customer.example",
        "sales@example.com", "no address", "x@y\r\nBcc: z@evil.example", "anna@customer.example",
        "anna@sub.example.com"), "jane@customer.example");

    assertThat(choice.kept()).containsExactly("anna@customer.example", "anna@sub.example.com");
    assertThat(choice.dropped()).isEqualTo(Map.of(CopyPolicy.Dropped.OWN_DOMAIN, 1, CopyPolicy.Dropped.INVALID, 2));
  }

  @Test
  void aLimitOfZeroCopiesNoOne() {
    assertThat(new CopyPolicy("support@example.com", 0).choose(List.of("anna@customer.example"), "jane@x.example")
        .kept()).isEmpty();
  }

  @Test
  void refusesANegativeLimitOrASupportAddressWithoutDomain() {
    assertThatThrownBy(() -> new CopyPolicy("support@example.com", -1)).hasMessageContaining("maxCopies: -1");
    assertThatThrownBy(() -> new CopyPolicy("support", 1)).hasMessageContaining("supportAddress: support");
  }
}
