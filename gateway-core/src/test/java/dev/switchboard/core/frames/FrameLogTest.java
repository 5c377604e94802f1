package dev.switchboard.core.frames;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameLogTest {

  /** What one connection received, as "frame@seq". */
  static final class Tab implements FrameLog.Outlet {
    final List<String> got = new ArrayList<>();

    @Override
    public void deliver(String encodedFrame) {
      got.add(encodedFrame);
    }

    List<String> frames() {
      return got.stream().map(f -> f.substring(0, f.indexOf('@'))).toList();
    }

    List<Long> seqs() {
      return got.stream().map(f -> Long.parseLong(f.substring(f.indexOf('@') + 1))).toList();
    }

    long lastSeq() {
      return seqs().get(seqs().size() - 1);
    }
  }

  private final MutableClock clock = MutableClock.startingAt("2026-03-02T10:00:00Z");
  private final FrameLog<String> log = new FrameLog<>((f, seq) -> f + "@" + seq,
      new FrameLog.Retention(3, Duration.ofMinutes(5)), clock);

  @Test
  void aFrameTheStateShowedIsNeitherReplayedNorBroadcastToThatConnectionButIsKept() {
    FrameLog<String> byName = new FrameLog<>((f, seq) -> f + "@" + seq, f -> f.startsWith("m") ? f : null,
        FrameLog.Retention.lastFrames(10), clock);
    Tab earlier = new Tab();
    byName.attach(earlier, List.of(), byName.mark());
    long resumeAfter = byName.mark();
    long mark = byName.mark();
    byName.broadcast("m1", null); // made before the state was read, broadcast while it was read
    Tab reading = new Tab();
    byName.attach(reading, List.of("m1", "m2", "note"), mark);

    assertThat(byName.broadcast("m2", null)).as("counts the connection whose state showed it").isEqualTo(2);
    byName.broadcast("m2", null);
    byName.broadcast("note", null);

    assertThat(reading.frames()).containsExactly("m1", "m2", "note", "m2", "note");
    assertThat(earlier.frames()).containsExactly("m1", "m2", "m2", "note");
    Tab resumed = new Tab();
    assertThat(byName.resume(resumed, List.of(), resumeAfter)).isTrue();
    assertThat(resumed.frames()).containsExactly("m1", "m2", "m2", "note");
    assertThat(reading.seqs()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void numbersStartAtTheCreationTimeInMicroseconds() {
    long micros = clock.instant().toEpochMilli() * 1000;
    assertThat(log.mark()).isEqualTo(micros);
    assertThat(log.mark()).isLessThan(1L << 53); // exact as a JavaScript number
  }

  @Test
  void aBroadcastReachesEveryAttachedConnectionButTheOneExcepted() {
    Tab a = new Tab();
    Tab b = new Tab();
    log.attach(a, List.of(), log.mark());
    log.attach(b, List.of(), log.mark());

    assertThat(log.broadcast("x", null)).isEqualTo(2);
    assertThat(log.broadcast("y", a)).isEqualTo(1);

    assertThat(a.frames()).containsExactly("x");
    assertThat(b.frames()).containsExactly("x", "y");
  }

  @Test
  void attachSendsTheStateThenWhatWasBroadcastAfterItsMarkRenumbered() {
    long mark = log.mark();
    log.broadcast("during-read", null);
    Tab tab = new Tab();

    assertThat(log.attach(tab, List.of("state"), mark)).isTrue();
    log.broadcast("live", null);

    assertThat(tab.frames()).containsExactly("state", "during-read", "live");
    assertThat(tab.seqs()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void attachRefusesAMarkWhoseFollowingFramesAreNoLongerKept() {
    long mark = log.mark();
    for (int i = 0; i < 4; i++) {
      log.broadcast("f" + i, null);
    }
    Tab tab = new Tab();

    assertThat(log.attach(tab, List.of("state"), mark)).isFalse();
    assertThat(tab.got).isEmpty();
    assertThat(log.connections()).isZero();
  }

  @Test
  void aResumeGetsExactlyWhatWasMissedAndNothingWhenNothingWas() {
    Tab first = new Tab();
    log.attach(first, List.of(), log.mark());
    log.broadcast("a", null);
    long resumeAfter = first.lastSeq();
    log.detach(first);
    log.broadcast("b", null);
    log.broadcast("c", null);

    Tab back = new Tab();
    assertThat(log.resume(back, List.of("welcome"), resumeAfter)).isTrue();
    assertThat(back.frames()).containsExactly("welcome", "b", "c");
    assertThat(back.seqs().get(0)).isGreaterThan(resumeAfter);
    assertThat(back.seqs()).isSorted().doesNotHaveDuplicates();

    Tab again = new Tab();
    assertThat(log.resume(again, List.of(), back.lastSeq())).isTrue();
    assertThat(again.got).isEmpty();
  }

  @Test
  void framesSentToOneConnectionAreNumberedButNeitherKeptNorBroadcast() {
    Tab a = new Tab();
    Tab b = new Tab();
    log.attach(a, List.of(), log.mark());
    log.attach(b, List.of(), log.mark());
    long before = log.mark();
    log.sendTo(a, "error");
    log.pushTransient("typing");
    log.detach(a);

    Tab back = new Tab();
    assertThat(log.resume(back, List.of(), before)).isTrue();
    assertThat(back.got).isEmpty();
    assertThat(a.frames()).containsExactly("error", "typing");
    assertThat(b.frames()).containsExactly("typing");
  }

  @Test
  void aResumeAfterTheWindowMovedOnIsRefusedAndSendsNothing() {
    Tab first = new Tab();
    log.attach(first, List.of(), log.mark());
    long resumeAfter = log.mark();
    log.detach(first);
    for (int i = 0; i < 4; i++) {
      log.broadcast("f" + i, null);
    }
    Tab back = new Tab();
    assertThat(log.resume(back, List.of("welcome"), resumeAfter)).isFalse();
    assertThat(back.got).isEmpty();
  }

  @Test
  void framesOlderThanTheMaxAgeAreNotReplayed() {
    long resumeAfter = log.mark();
    log.broadcast("old", null);
    clock.advance(Duration.ofMinutes(6));
    assertThat(log.resumable(resumeAfter)).isFalse();
    assertThat(log.resumable(log.mark())).isTrue();
  }

  @Test
  void numbersNeverGivenOutAreNotResumable() {
    assertThat(log.resumable(log.mark() + 1)).isFalse();
    assertThat(log.resumable(-1)).isFalse();
    assertThat(log.resumable(0)).isFalse();
  }

  @Test
  void aResumeAfterFromBeforeARestartIsNeverResumableEvenWhenTheOldLogSentManyFrames() {
    Tab tab = new Tab();
    log.attach(tab, List.of(), log.mark());
    for (int i = 0; i < 100_000; i++) {
      log.broadcast("f" + i, null); // far more than the new log will have sent when asked
    }
    long fromTheOldProcess = tab.lastSeq();

    clock.advance(Duration.ofSeconds(1)); // the restart takes at least a second
    FrameLog<String> restarted = new FrameLog<>((f, seq) -> f + "@" + seq,
        new FrameLog.Retention(3, Duration.ofMinutes(5)), clock);
    restarted.broadcast("new", null);

    Tab back = new Tab();
    assertThat(restarted.resume(back, List.of(), fromTheOldProcess)).isFalse();
    assertThat(back.got).isEmpty();
  }

  @Test
  void aLogWithoutAgeLimitKeepsItsLastFramesHoweverOld() {
    FrameLog<String> chat = new FrameLog<>((f, seq) -> f + "@" + seq, FrameLog.Retention.lastFrames(2), clock);
    long resumeAfter = chat.mark();
    chat.broadcast("a", null);
    clock.advance(Duration.ofDays(3));
    Tab tab = new Tab();
    assertThat(chat.resume(tab, List.of(), resumeAfter)).isTrue();
    assertThat(tab.frames()).containsExactly("a");
  }
}
