package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpeningRepliesTest {

  private final OpeningReplies replies = new OpeningReplies();

  @Test
  void keepsNothingWhileNoVisitorIsOpening() {
    replies.record("c1", "m1");
    long mark = replies.open();
    assertThat(replies.close(mark, "c1")).contains(List.of());
  }

  @Test
  void anOpeningGetsTheRepliesToItsConversationRecordedSinceItStarted() {
    long early = replies.open();
    replies.record("c1", "m1");
    long late = replies.open();
    replies.record("c2", "m2");
    replies.record("c1", "m3");
    assertThat(replies.close(late, "c1")).contains(List.of("m3"));
    assertThat(replies.close(early, "c1")).contains(List.of("m1", "m3"));
    assertThat(replies.openings()).isZero();
  }

  @Test
  void anOpeningWithNoConversationGetsNone() {
    long mark = replies.open();
    replies.record("c1", "m1");
    assertThat(replies.close(mark, null)).contains(List.of());
  }

  @Test
  void anOpeningThatLostRepliesToTheBoundIsToldSo() {
    long mark = replies.open();
    for (int i = 0; i <= OpeningReplies.KEPT; i++) {
      replies.record("c" + i, "m" + i);
    }
    long later = replies.open();
    replies.record("c1", "late");
    assertThat(replies.close(mark, "c1")).as("one recorded since its mark was dropped").isEqualTo(Optional.empty());
    assertThat(replies.close(later, "c1")).contains(List.of("late"));
  }
}
