package dev.switchboard.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

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
}
