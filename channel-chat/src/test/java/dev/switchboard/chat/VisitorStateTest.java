package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.frames.FrameLog;
import dev.switchboard.core.http.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisitorStateTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** Collects what one connection would have received. */
  static final class Tab implements FrameLog.Outlet {
    final List<JsonNode> frames = new ArrayList<>();

    @Override
    public void deliver(String encodedFrame) {
      try {
        frames.add(Json.read(encodedFrame));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    List<String> texts() {
      return frames.stream().filter(f -> f.path("type").asText().equals("message"))
          .map(f -> f.path("message").path("text").asText()).toList();
    }

    long lastSeq() {
      return frames.get(frames.size() - 1).path("seq").asLong();
    }
  }

  private final VisitorState state = new VisitorState("v1", Clock.fixed(T0, ZoneOffset.UTC));

  private static ServerFrame reply(String text) {
    return new ServerFrame.MessageFrame(
        new ServerFrame.ChatMessage("m-" + text, "c1", "out", "Alice", text, T0, java.util.List.of()), false);
  }

  private static ServerFrame welcome() {
    return new ServerFrame.Welcome("token", "c1", "assigned");
  }

  @Test
  void aNewConnectionGetsWelcomeThenHistoryThenLiveFrames() {
    Tab tab = new Tab();
    long mark = state.mark();
    state.attach(tab, welcome(), null, List.of(reply("old")), mark);
    state.broadcast(reply("new"), null);

    assertThat(tab.frames).extracting(f -> f.path("type").asText()).containsExactly("welcome", "message", "message");
    assertThat(tab.texts()).containsExactly("old", "new");
  }

  @Test
  void seqOnlyEverIncreasesOnAConnection() {
    Tab a = new Tab();
    Tab b = new Tab();
    state.attach(a, welcome(), null, List.of(reply("h1"), reply("h2")), state.mark());
    state.broadcast(reply("x"), null);
    state.attach(b, welcome(), null, List.of(), state.mark());
    state.sendTo(a, new ServerFrame.Error("e", "m", null));
    state.broadcast(reply("y"), a);

    for (Tab t : List.of(a, b)) {
      List<Long> seqs = t.frames.stream().map(f -> f.path("seq").asLong()).toList();
      assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }
    assertThat(b.texts()).containsExactly("y");
    assertThat(a.texts()).containsExactly("h1", "h2", "x");
  }

  @Test
  void whatIsBroadcastWhileTheHistoryLoadsIsNotLost() {
    Tab tab = new Tab();
    long mark = state.mark(); // taken before the store read
    state.broadcast(reply("during-load"), null);
    state.attach(tab, welcome(), null, List.of(reply("stored")), mark);

    assertThat(tab.texts()).containsExactly("stored", "during-load");
  }

  /**
   * On a follower a returning visitor's history can show a reply whose delivery event reaches the node only
   * after the visitor is bound: that connection has it, the tab open before does not.
   */
  @Test
  void aReplyTheHistoryShowedIsNotPushedAgainToThatConnectionButReachesTheOthers() {
    Tab before = new Tab();
    state.attach(before, welcome(), null, List.of(), state.mark());
    Tab returning = new Tab();
    state.attach(returning, welcome(), null, List.of(reply("hello"), reply("late")), List.of("m-late"), state.mark());

    assertThat(state.pushReply("m-late", reply("late"))).isEqualTo(2);
    state.broadcast(reply("next"), null);

    assertThat(returning.texts()).containsExactly("hello", "late", "next");
    assertThat(before.texts()).containsExactly("late", "next");
  }

  @Test
  void aReplyPushedWhileTheHistoryLoadedIsNotReplayedWhenTheHistoryShowsIt() {
    Tab tab = new Tab();
    long mark = state.mark();
    state.pushReply("m-r", reply("r"));
    state.broadcast(reply("after"), null);
    state.attach(tab, welcome(), null, List.of(reply("r")), List.of("m-r"), mark);

    assertThat(tab.texts()).containsExactly("r", "after");
  }

  @Test
  void aResumeFromBeforeAReplyStillGetsItWhenAnotherTabsHistoryShowedIt() {
    Tab first = new Tab();
    state.attach(first, welcome(), null, List.of(), state.mark());
    long resumeAfter = first.lastSeq();
    state.detach(first, T0);
    Tab other = new Tab();
    state.attach(other, welcome(), null, List.of(reply("r")), List.of("m-r"), state.mark());
    state.pushReply("m-r", reply("r"));

    Tab resumed = new Tab();
    assertThat(state.attach(resumed, welcome(), resumeAfter, List.of(), state.mark()))
        .isEqualTo(VisitorState.Opened.RESUMED);
    assertThat(resumed.texts()).containsExactly("r");
    assertThat(other.texts()).containsExactly("r");
  }

  @Test
  void aReconnectWithResumeAfterGetsOnlyWhatItMissed() {
    Tab first = new Tab();
    state.attach(first, welcome(), null, List.of(reply("a")), state.mark());
    state.broadcast(reply("b"), null);
    long resumeAfter = first.lastSeq();
    state.detach(first, T0);

    state.broadcast(reply("c"), null);
    state.broadcast(reply("d"), null);
    Tab second = new Tab();
    VisitorState.Opened resumed = state.attach(second, welcome(), resumeAfter, List.of(reply("a"), reply("b"), reply("c"),
        reply("d")), state.mark());

    assertThat(resumed).isEqualTo(VisitorState.Opened.RESUMED);
    assertThat(second.texts()).containsExactly("c", "d");
  }

  @Test
  void aResumeAfterFromBeforeThisStateGetsTheFullHistory() {
    state.broadcast(reply("x"), null);
    Tab tab = new Tab();
    long fromAnEarlierServer = 12;
    VisitorState.Opened resumed = state.attach(tab, welcome(), fromAnEarlierServer, List.of(reply("x")), state.mark());

    assertThat(resumed).isEqualTo(VisitorState.Opened.HISTORY);
    assertThat(tab.texts()).containsExactly("x");
  }

  @Test
  void aResumeAfterBeyondTheCounterGetsTheFullHistory() {
    Tab tab = new Tab();
    VisitorState.Opened resumed = state.attach(tab, welcome(), Long.MAX_VALUE, List.of(reply("x")), state.mark());
    assertThat(resumed).isEqualTo(VisitorState.Opened.HISTORY);
    assertThat(tab.texts()).containsExactly("x");
  }

  @Test
  void whenTheReplayWindowHasMovedOnTheReconnectGetsTheFullHistory() {
    Tab first = new Tab();
    state.attach(first, welcome(), null, List.of(), state.mark());
    long resumeAfter = first.lastSeq();
    state.detach(first, T0);
    for (int i = 0; i < VisitorState.REPLAY_FRAMES + 1; i++) {
      state.broadcast(reply("r" + i), null);
    }
    assertThat(state.resumableFrom(resumeAfter)).isFalse();
  }

  @Test
  void seqsStartAboveAnyFromAnEarlierProcess() {
    VisitorState later = new VisitorState("v1", Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC));
    Tab tab = new Tab();
    state.attach(tab, welcome(), null, List.of(), state.mark());
    assertThat(later.resumableFrom(tab.lastSeq())).isFalse();
  }

  @Test
  void whenMoreIsBroadcastDuringTheHistoryReadThanIsKeptNothingIsSentAndTheReadIsRepeated() {
    long mark = state.mark();
    for (int i = 0; i < VisitorState.REPLAY_FRAMES + 1; i++) {
      state.broadcast(reply("r" + i), null);
    }
    Tab tab = new Tab();
    assertThat(state.attach(tab, welcome(), null, List.of(reply("stored")), mark))
        .isEqualTo(VisitorState.Opened.HISTORY_TOO_OLD);
    assertThat(tab.frames).isEmpty();
    assertThat(state.connections()).isZero();

    assertThat(state.attach(tab, welcome(), null, List.of(reply("stored")), state.mark()))
        .isEqualTo(VisitorState.Opened.HISTORY);
    assertThat(state.connections()).isEqualTo(1);
  }

  @Test
  void aCatchUpSkipsWhatWasPushedOrSentInAHistoryAndAPushDoesNot() {
    Tab tab = new Tab();
    state.attach(tab, welcome(), null, List.of(reply("in-history")), List.of("m-in-history"), state.mark());

    assertThat(state.catchUpReply("m-in-history", reply("in-history"))).as("the history showed it").isEqualTo(-1);
    assertThat(state.pushReply("m-live", reply("live"))).isEqualTo(1);
    assertThat(state.catchUpReply("m-live", reply("live"))).as("pushed already").isEqualTo(-1);
    assertThat(state.catchUpReply("m-missed", reply("missed"))).isEqualTo(1);
    assertThat(state.pushReply("m-in-history", reply("in-history"))).as("another tab may lack it: pushed").isEqualTo(1);
    assertThat(tab.texts()).as("but not to the tab whose history showed it").containsExactly("in-history", "live", "missed");
  }

  @Test
  void aResumedConnectionLeavesTheHistorysRepliesToACatchUp() {
    Tab first = new Tab();
    state.attach(first, welcome(), null, List.of(), state.mark());
    long resumeAfter = first.lastSeq();
    state.detach(first, T0);
    Tab second = new Tab();

    assertThat(state.attach(second, welcome(), resumeAfter, List.of(reply("read")), List.of("m-read"), state.mark()))
        .isEqualTo(VisitorState.Opened.RESUMED);
    assertThat(state.catchUpReply("m-read", reply("read"))).as("the resume did not send the history").isEqualTo(1);
  }
}
