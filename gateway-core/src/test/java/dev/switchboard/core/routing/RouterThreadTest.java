package dev.switchboard.core.routing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.logging.LogKey;
import dev.switchboard.core.testing.Futures;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
