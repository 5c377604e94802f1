package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BelowPositionTest {

  @Test
  void theFirstPassLooksBelowThePositionAndTheNextOnesOnlyWhenAsked() {
    BelowPosition below = new BelowPosition(128);
    assertThat(below.search(500)).as("a session's first pass").isTrue();
    below.searched(500, List.of(501L, 502L), List.of());
    assertThat(below.search(502)).as("contiguous UIDs leave no hole").isFalse();

    below.due(); // the keep-alive tick, or a mail the ack line put back
    assertThat(below.search(502)).isTrue();
    below.searched(502, List.of(), List.of());
    assertThat(below.search(502)).as("a due look is taken once").isFalse();
  }

  @Test
  void aSkippedUidIsLookedForUntilASearchFindsIt() {
    BelowPosition below = new BelowPosition(128);
    below.search(10);
    below.searched(10, List.of(12L, 13L, 16L), List.of());
    assertThat(below.holes()).isEqualTo(3); // 11, 14, 15

    assertThat(below.search(16)).isTrue();
    below.searched(16, List.of(), List.of(11L, 15L));
    assertThat(below.holes()).isEqualTo(1);
    assertThat(below.search(16)).as("14 may still show up").isTrue();
    below.searched(16, List.of(), List.of(14L));
    assertThat(below.search(16)).isFalse();
  }

  @Test
  void aHoleIsForgottenOnceItFallsOutOfTheWindow() {
    BelowPosition below = new BelowPosition(4);
    below.search(10);
    below.searched(10, List.of(12L), List.of());
    assertThat(below.search(14)).as("11 is in the window 11..14").isTrue();
    below.searched(14, List.of(15L), List.of());
    assertThat(below.search(15)).as("11 is below the window 12..15").isFalse();
    assertThat(below.windowFrom(15)).isEqualTo(12);
    assertThat(below.windowFrom(2)).isEqualTo(1);
  }

  @Test
  void aWideGapKeepsOnlyTheUidsTheWindowCanReach() {
    BelowPosition below = new BelowPosition(128);
    below.search(1);
    below.searched(1, List.of(1_000_000L), List.of());
    assertThat(below.holes()).isEqualTo(128);
  }

  @Test
  void aWindowMustHoldAUid() {
    assertThatThrownBy(() -> new BelowPosition(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window: 0");
  }
}
