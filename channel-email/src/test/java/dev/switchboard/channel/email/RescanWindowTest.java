package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RescanWindowTest {

  @Test
  void aSessionsFirstPassListsTheWindowAndTheNextOnesDoNot() {
    RescanWindow window = new RescanWindow();
    assertThat(window.due(0)).as("nothing below the position yet").isFalse();
    assertThat(window.due(10)).isTrue();
    window.listed(List.of(5L, 6L));
    assertThat(window.due(11)).isFalse();
    assertThat(window.due(12)).isFalse();
  }

  @Test
  void aUidPassedOverIsLookedForUntilItShowsUpOrLeavesTheWindow() {
    RescanWindow window = new RescanWindow();
    window.due(1);
    window.listed(List.of());
    window.read(2, Set.of(2L, 4L)); // 3 was not there: it may show up late
    assertThat(window.due(4)).isTrue();
    window.listed(List.of(2L, 4L));
    assertThat(window.due(4)).as("still missing").isTrue();
    window.listed(List.of(2L, 3L, 4L));
    assertThat(window.due(4)).isFalse();

    window.read(5, Set.of(7L)); // 5 and 6 missing, never show up
    assertThat(window.missing()).isEqualTo(2);
    assertThat(window.due(7)).isTrue();
    window.listed(List.of(7L));
    assertThat(window.due(5 + RescanWindow.SIZE - 1)).isTrue();
    window.listed(List.of());
    assertThat(window.due(7 + RescanWindow.SIZE)).as("5 and 6 left the window").isFalse();
    assertThat(window.missing()).isZero();
  }

  @Test
  void theWindowIsListedWhenAskedAndAtLeastEveryFewPasses() {
    RescanWindow window = new RescanWindow();
    window.due(1);
    window.listed(List.of());
    window.request();
    assertThat(window.due(2)).isTrue();
    window.listed(List.of());
    int passes = 0;
    while (!window.due(3)) {
      passes++;
    }
    assertThat(passes + 1).isEqualTo(RescanWindow.EVERY_PASSES);
  }
}
