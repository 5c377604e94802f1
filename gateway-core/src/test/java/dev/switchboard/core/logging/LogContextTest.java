package dev.switchboard.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void aScopePutsBackWhatWasThereBefore() {
    try (LogContext.Scope outer = LogContext.with(LogKey.CONVERSATION, "c1")) {
      try (LogContext.Scope inner = LogContext.with(LogKey.CONVERSATION, "c2")) {
        assertThat(MDC.get("conversationId")).isEqualTo("c2");
      }
      assertThat(MDC.get("conversationId")).isEqualTo("c1");
    }
    assertThat(MDC.get("conversationId")).isNull();
  }

  @Test
  void aPooledThreadRunsEachTaskUnderItsSubmittersIdsAndKeepsNoneAfterwards() throws Exception {
    ExecutorService pool = LogContext.propagating(Executors.newSingleThreadExecutor());
    try {
      String seen;
      try (LogContext.Scope a = LogContext.with(LogKey.AGENT, "alice");
          LogContext.Scope c = LogContext.with(LogKey.CHANNEL, "sms")) {
        seen = CompletableFuture.supplyAsync(() -> MDC.get("agentId") + "/" + MDC.get("channel"), pool)
            .get(10, TimeUnit.SECONDS);
      }
      String after = CompletableFuture.supplyAsync(() -> String.valueOf(MDC.getCopyOfContextMap()), pool)
          .get(10, TimeUnit.SECONDS);

      assertThat(seen).isEqualTo("alice/sms");
      assertThat(after).isIn("null", "{}");
    } finally {
      pool.shutdownNow();
    }
  }
  @Test
  void anEmptyContextIsOneSharedSnapshotAndPutsNothingInPlace() {
    LogContext.Snapshot first = LogContext.capture();
    LogContext.Snapshot second = LogContext.capture();
    assertThat(second).isSameAs(first);

    MDC.put("conversationId", "left-over");
    first.install();
    assertThat(MDC.get("conversationId")).isNull();
  }

  @Test
  void aSnapshotKeepsTheValuesOfItsMomentWhateverTheThreadDoesAfterwards() {
    LogContext.Snapshot taken;
    try (LogContext.Scope c = LogContext.with(LogKey.CONVERSATION, "c1");
        LogContext.Scope ch = LogContext.with(LogKey.CHANNEL, "chat")) {
      taken = LogContext.capture();
      try (LogContext.Scope c2 = LogContext.with(LogKey.CONVERSATION, "c2")) {
        assertThat(taken.get(LogKey.CONVERSATION)).isEqualTo("c1");
      }
    }
    assertThat(MDC.get("conversationId")).isNull();
    assertThat(taken.get(LogKey.CONVERSATION)).isEqualTo("c1");
    assertThat(taken.get(LogKey.CHANNEL)).isEqualTo("chat");
    assertThat(taken.get(LogKey.AGENT)).isNull();
  }

  @Test
  void installingOneSnapshotOverAnotherLeavesExactlyTheNewOnesKeys() {
    LogContext.Snapshot chat;
    LogContext.Snapshot desk;
    try (LogContext.Scope ch = LogContext.with(LogKey.CHANNEL, "chat");
        LogContext.Scope c = LogContext.with(LogKey.CONVERSATION, "c1")) {
      chat = LogContext.capture();
    }
    try (LogContext.Scope a = LogContext.with(LogKey.AGENT, "alice");
        LogContext.Scope c = LogContext.with(LogKey.CONVERSATION, "c2")) {
      desk = LogContext.capture();
    }

    chat.install();
    assertThat(MDC.getCopyOfContextMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("channel", "chat", "conversationId", "c1"));
    desk.install();
    assertThat(MDC.getCopyOfContextMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("agentId", "alice", "conversationId", "c2"));
    LogContext.capture().install();
    assertThat(MDC.getCopyOfContextMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("agentId", "alice", "conversationId", "c2"));
    LogContext.clear();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void aWrappedTaskRunsUnderItsSnapshotAndThenTheThreadHasItsOwnIdsBack() {
    LogContext.Snapshot taken;
    try (LogContext.Scope c = LogContext.with(LogKey.CONVERSATION, "theirs")) {
      taken = LogContext.capture();
    }
    StringBuilder seen = new StringBuilder();
    try (LogContext.Scope a = LogContext.with(LogKey.AGENT, "mine")) {
      taken.wrap(() -> seen.append(MDC.get("conversationId")).append('/').append(MDC.get("agentId"))).run();
      assertThat(MDC.get("agentId")).isEqualTo("mine");
      assertThat(MDC.get("conversationId")).isNull();
    }
    assertThat(seen).hasToString("theirs/null");

    seen.setLength(0);
    try (LogContext.Scope a = LogContext.with(LogKey.AGENT, "mine")) {
      LogContext.Snapshot.EMPTY.wrap(() -> seen.append(MDC.get("agentId"))).run();
      assertThat(MDC.get("agentId")).isEqualTo("mine");
    }
    assertThat(seen).hasToString("null");
  }

  @Test
  void aScopeForAnAbsentKeyRemovesItAndANullValueOverAnAbsentKeyChangesNothing() {
    try (LogContext.Scope none = LogContext.with(LogKey.CONVERSATION, null)) {
      assertThat(MDC.get("conversationId")).isNull();
    }
    try (LogContext.Scope c = LogContext.with(LogKey.CONVERSATION, "c1")) {
      try (LogContext.Scope none = LogContext.with(LogKey.CONVERSATION, null)) {
        assertThat(MDC.get("conversationId")).isNull();
      }
      assertThat(MDC.get("conversationId")).isEqualTo("c1");
    }
    assertThat(MDC.get("conversationId")).isNull();
  }
}
