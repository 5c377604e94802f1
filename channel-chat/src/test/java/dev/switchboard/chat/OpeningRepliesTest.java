package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OpeningRepliesTest {

  private final AtomicLong nanos = new AtomicLong();
  private final OpeningReplies replies = new OpeningReplies(Duration.ofMinutes(2), nanos::get);

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

  @Test
  void anOpeningWhoseHistoryNeverCameStopsCountingAfterItsLease() {
    replies.open(); // its history's callback never runs: it never closes
    replies.record("c1", "m1");
    nanos.addAndGet(Duration.ofMinutes(2).plusNanos(1).toNanos());

    replies.record("c1", "m2");
    assertThat(replies.openings()).isZero();
    assertThat(replies.kept()).as("nothing kept once no opening is under way").isZero();
    long mark = replies.open();
    replies.record("c1", "m3");
    assertThat(replies.close(mark, "c1")).contains(List.of("m3"));
    assertThat(replies.kept()).isZero();
  }

  @Test
  void anOpeningClosedAfterItsLeaseIsToldItMayHaveLostReplies() {
    long stale = replies.open();
    replies.record("c1", "m1");
    nanos.addAndGet(Duration.ofMinutes(3).toNanos());
    long fresh = replies.open();
    replies.record("c1", "m2");

    assertThat(replies.close(stale, "c1")).as("m1 went with its lease").isEqualTo(Optional.empty());
    assertThat(replies.openings()).as("the fresh one still counts").isEqualTo(1);
    assertThat(replies.close(fresh, "c1")).contains(List.of("m2"));
    assertThat(replies.openings()).isZero();
  }

  @Test
  void anOpeningWithinItsLeaseKeepsCounting() {
    long mark = replies.open();
    nanos.addAndGet(Duration.ofMinutes(2).toNanos());
    replies.record("c1", "m1");
    assertThat(replies.openings()).isEqualTo(1);
    assertThat(replies.close(mark, "c1")).contains(List.of("m1"));
  }
}
