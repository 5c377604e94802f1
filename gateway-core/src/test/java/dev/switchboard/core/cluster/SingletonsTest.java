package dev.switchboard.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop that races a term's singletons starting one after the other, on real threads and a real store. */
class SingletonsTest {

  @TempDir
  Path dir;

  private Stores stores;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void open() {
    stores = TestStores.sqlite(dir, MutableClock.startingAt("2026-03-02T09:00:00Z"));
  }

  @AfterEach
  void close() {
    release.countDown();
    stores.close();
  }

  private Singletons threeSingletonsTheFirstSlowToStart() throws Exception {
    Singletons singletons = new Singletons();
    singletons.add("router", term -> {
      events.add("router starting");
      release.await(30, TimeUnit.SECONDS);
      return () -> events.add("router stopped");
    });
    singletons.add("outbox", term -> {
      events.add("outbox started");
      return () -> events.add("outbox stopped");
    });
    singletons.add("follow-ups", term -> {
      events.add("follow-ups started");
      return () -> events.add("follow-ups stopped");
    });
    return singletons;
  }

  @Test
  void aStopCalledWhileTheSingletonsStartStartsNoMoreOfThemAndClosesWhatStarted() throws Exception {
    Singletons singletons = threeSingletonsTheFirstSlowToStart();
    CompletableFuture<Void> leading = CompletableFuture.runAsync(() -> {
      try {
        singletons.lead(LeaderTerm.single(stores.conversations()), () -> true);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("router starting"));
    Thread stopping = new Thread(singletons::follow, "stopping");
    stopping.start();
    // The stop has been asked for once it waits for the start in progress.
    await().atMost(Duration.ofSeconds(10)).until(() -> stopping.getState() == Thread.State.BLOCKED);
    release.countDown();
    stopping.join(10_000);
    leading.get(10, TimeUnit.SECONDS);

    assertThat(events).containsExactly("router starting", "router stopped");
    assertThat(singletons.term()).isEmpty();
  }

  @Test
  void closedSingletonsStartNothingForALeaseGainedWhileTheGatewayStops() throws Exception {
    release.countDown();
    Singletons singletons = threeSingletonsTheFirstSlowToStart();
    singletons.close();
    singletons.lead(LeaderTerm.single(stores.conversations()), () -> true);
    singletons.add("csat", term -> {
      events.add("csat started");
      return () -> { };
    });

    assertThat(events).isEmpty();
    assertThat(singletons.term()).isEmpty();
  }
}
