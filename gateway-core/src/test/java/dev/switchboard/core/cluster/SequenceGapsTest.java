package dev.switchboard.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tail's record of what it read: numbers committed out of order are read late, not lost nor read twice. */
class SequenceGapsTest {

  private static final long WINDOW = 10_000;

  @Test
  void numbersJumpedOverAreAskedForUntilTheyArrive() {
    SequenceGaps seen = new SequenceGaps(10, WINDOW);
    assertThat(seen.read(11, 0)).isTrue();
    assertThat(seen.read(14, 0)).isTrue();
    assertThat(seen.last()).isEqualTo(14);
    assertThat(seen.missing(1)).containsExactly(12L, 13L);

    assertThat(seen.read(13, 5)).isTrue(); // committed after 14 was read
    assertThat(seen.missing(6)).containsExactly(12L);
    assertThat(seen.last()).isEqualTo(14);
  }

  @Test
  void aNumberReadBeforeIsNotNewAgain() {
    SequenceGaps seen = new SequenceGaps(10, WINDOW);
    seen.read(12, 0);
    seen.read(11, 1);
    assertThat(seen.read(11, 2)).isFalse();
    assertThat(seen.read(12, 2)).isFalse();
    assertThat(seen.read(9, 2)).isFalse(); // before the start: in the store already
    assertThat(seen.missing(3)).isEmpty();
  }

  @Test
  void aGapOlderThanTheWindowIsGivenUp() {
    SequenceGaps seen = new SequenceGaps(0, WINDOW);
    seen.read(2, 0);
    seen.read(4, 5_000);
    assertThat(seen.missing(WINDOW)).containsExactly(1L, 3L);
    assertThat(seen.missing(WINDOW + 1)).containsExactly(3L); // 1 rolled back, 3 may still commit
    assertThat(seen.read(1, WINDOW + 2)).isFalse();
  }

  @Test
  void aLongJumpRemembersABoundedNumberOfGaps() {
    SequenceGaps seen = new SequenceGaps(0, WINDOW);
    assertThat(seen.read(1_000_000, 0)).isTrue();
    assertThat(seen.missing(0)).hasSize(SequenceGaps.MAX_GAPS);
    assertThat(seen.last()).isEqualTo(1_000_000);
  }
}
