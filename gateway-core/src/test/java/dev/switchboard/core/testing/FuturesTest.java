package dev.switchboard.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FuturesTest {

  @Test
  void aCompletedFutureGivesItsValue() {
    assertThat(Futures.await(CompletableFuture.completedFuture("stored"))).isEqualTo("stored");
  }

  @Test
  void aFutureThatNeverCompletesFailsTheTestWithAMessageInsteadOfHanging() {
    assertThatThrownBy(() -> Futures.await(new CompletableFuture<>(), Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not complete within PT0.05S");
  }

  @Test
  void aFailedFutureThrowsItsFailureAsJoinWould() {
    IllegalStateException refused = new IllegalStateException("commit refused");
    assertThatThrownBy(() -> Futures.await(CompletableFuture.failedFuture(refused)))
        .isInstanceOf(CompletionException.class)
        .hasCause(refused)
        .hasMessageContaining("commit refused");
  }
}
