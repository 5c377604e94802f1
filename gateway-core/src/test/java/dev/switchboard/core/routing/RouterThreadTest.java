package dev.switchboard.core.routing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.event.EventBatch;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.logging.LogKey;
import dev.switchboard.core.testing.Futures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RouterThreadTest {

  private final List<String> ran = new CopyOnWriteArrayList<>();

  @Test
  void workQueuedBackToBackWhileTheRouterIsBusyIsOneStepEachItemUnderItsSendersContext() throws Exception {
    try (RouterThread router = new RouterThread(() -> ran.add("step"))) {
      CountDownLatch busy = new CountDownLatch(1);
      CompletableFuture<Object> held = router.work(() -> {
        await(busy);
        return null;
      }).toCompletableFuture();
      for (String conversation : List.of("c1", "c2", "c3")) {
        try (LogContext.Scope ignored = LogContext.with(LogKey.CONVERSATION, conversation)) {
          router.workInRun(() -> ran.add("added " + MDC.get(LogKey.CONVERSATION.mdcKey())));
        }
      }
      busy.countDown();
      Futures.await(held);
      Futures.await(router.work(() -> null));

      assertThat(ran).containsExactly("step", "added c1", "added c2", "added c3", "step", "step");
    }
  }

  @Test
  void aFailingItemIsLoggedAndTheRestOfItsRunAndTheStepStillRun() throws Exception {
    try (RouterThread router = new RouterThread(() -> ran.add("step"))) {
      CountDownLatch busy = new CountDownLatch(1);
      router.work(() -> {
        await(busy);
        return null;
      });
      router.workInRun(() -> {
        throw new IllegalStateException("bad message");
      });
      router.workInRun(() -> ran.add("added"));
      busy.countDown();
      Futures.await(router.work(() -> null));

      assertThat(ran).containsExactly("step", "added", "step", "step");
    }
  }

  @Test
  void messagesPublishedInOneEventBatchWhileTheRouterIsIdleAreOneRunAndOneStep() {
    try (RouterThread router = new RouterThread(() -> ran.add("step"))) {
      EventBatch.run(() -> {
        router.workInRun(() -> ran.add("added 0"));
        // Idle, the router would take a run at once: held for the batch, the first message waits for the rest.
        Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(ran::isEmpty);
        for (int i = 1; i < 8; i++) {
          int n = i;
          router.workInRun(() -> ran.add("added " + n));
        }
      });
      Futures.await(router.work(() -> null));

      assertThat(ran).containsExactly("added 0", "added 1", "added 2", "added 3", "added 4", "added 5",
          "added 6", "added 7", "step", "step");
    }
  }

  @Test
  void whileABatchHoldsItsMessagesCommandsStillRunAndWorkQueuedAfterThemWaitsForThem() {
    try (RouterThread router = new RouterThread(() -> ran.add("step"))) {
      CompletableFuture<Object> queuedAfter = new CompletableFuture<>();
      EventBatch.run(() -> {
        router.workInRun(() -> ran.add("added"));
        Futures.await(router.command(() -> ran.add("accept")));
        router.work(() -> ran.add("arrival")).whenComplete((v, e) -> queuedAfter.complete(null));
      });
      Futures.await(queuedAfter);

      assertThat(ran).containsExactly("accept", "step", "added", "step", "arrival", "step");
    }
  }

  @Test
  void outsideAnEventBatchAnIdleRouterTakesAMessageAtOnce() {
    try (RouterThread router = new RouterThread(() -> ran.add("step"))) {
      router.workInRun(() -> ran.add("added"));

      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ran.size() == 2);
      assertThat(ran).containsExactly("added", "step");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
