package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.store.WriterFixtures.put;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.event.EventBatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitWriterTest {

  @TempDir
  Path dir;

  private Database db;
  private final MeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void open() throws Exception {
    db = Database.sqlite(dir.resolve("w.db"), 2);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private int count() throws SQLException {
    return WriterFixtures.channelStateRows(db);
  }

  @Test
  void batchesNeverExceedMaxBatch() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 4, Duration.ofMillis(50), meters);
    List<CompletableFuture<String>> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(writer.submit("put", put("k" + i)));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    writer.close();

    assertThat(count()).isEqualTo(40);
    assertThat(meters.get("switchboard.store.batch.size").summary().max()).isBetween(2.0, 4.0);
    assertThat(meters.get("switchboard.store.batch.size").summary().count()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void aCommittedBatchsFuturesCompleteInOneEventBatchThatEndsAfterTheLast() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 16, Duration.ZERO, meters);
    WriterFixtures.Held held = WriterFixtures.hold(writer);
    List<String> heard = new CopyOnWriteArrayList<>();
    Runnable wake = () -> heard.add("wake");
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      // As a listener would on the completion thread: registers its wake-up, once for the batch.
      all.add(writer.submit("put", put("k" + i)).thenRun(() -> heard.add(n + " " + EventBatch.atEndOnce(wake))));
    }
    held.release();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    writer.close(); // after the completion thread ran what was queued on it

    assertThat(heard).containsExactly("0 true", "1 false", "2 false", "3 false", "4 false", "wake");
  }

  @Test
  void aWriteHeldBehindABatchIsTimedFromItsSubmitAndEachBatchsCompletionIsTimed() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 16, Duration.ZERO, meters);
    WriterFixtures.Held held = WriterFixtures.hold(writer);
    long queued = System.nanoTime();
    CompletableFuture<String> behind = writer.submit("put", put("behind"));
    await().until(() -> System.nanoTime() - queued >= TimeUnit.MILLISECONDS.toNanos(50));
    held.release();
    behind.get(20, TimeUnit.SECONDS);
    assertThat(held.future().get(20, TimeUnit.SECONDS)).isTrue();

    // Two batches (the held write, then the one behind it), so two waits, two hand-overs, two runs.
    var queueWait = meters.get("switchboard.store.queue.wait").timer();
    assertThat(queueWait.count()).isEqualTo(2);
    assertThat(queueWait.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50);
    assertThat(meters.get("switchboard.store.completion.delay").timer().count()).isEqualTo(2);
    await().untilAsserted(() ->
        assertThat(meters.get("switchboard.store.completion.run").timer().count()).isEqualTo(2));
    writer.close();
  }

  @Test
  void eachWriteRunsAndCompletesUnderItsCallersIdsAndTheThreadsKeepNone() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 16, Duration.ofMillis(50), meters);
    List<CompletableFuture<String>> ran = new ArrayList<>();
    List<CompletableFuture<String>> completed = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // Every third write has no ids: it must not see the ids of the write before it.
      try (dev.switchboard.core.logging.LogContext.Scope c = dev.switchboard.core.logging.LogContext.with(
          dev.switchboard.core.logging.LogKey.CONVERSATION, i % 3 == 0 ? null : "c" + i)) {
        Work<String> work = conn -> String.valueOf(org.slf4j.MDC.get("conversationId"));
        CompletableFuture<String> f = writer.submit("mdc", work);
        ran.add(f);
        completed.add(f.thenApply(x -> String.valueOf(org.slf4j.MDC.get("conversationId"))));
      }
    }
    CompletableFuture<String> writerAfter = writer.submit("after", conn -> String.valueOf(org.slf4j.MDC.getCopyOfContextMap()));
    CompletableFuture<String> completionAfter = writerAfter.thenApply(x -> String.valueOf(org.slf4j.MDC.getCopyOfContextMap()));
    completionAfter.get(20, TimeUnit.SECONDS);
    writer.close();

    for (int i = 0; i < 12; i++) {
      String expected = i % 3 == 0 ? "null" : "c" + i;
      // Done before the last write's continuation ran: the completion thread runs them in commit order.
      assertThat(ran.get(i)).isCompletedWithValue(expected);
      assertThat(completed.get(i)).isCompletedWithValue(expected);
    }
    assertThat(writerAfter.getNow("not completed")).isIn("null", "{}");
    assertThat(completionAfter.getNow("not completed")).isIn("null", "{}");
  }

  @Test
  void withoutAWaitTheWritesQueuedWhileACommitRunsShareTheNextOne() throws Exception {
    // The default since 2026-12-01: no wait for company; batches form from what queues during a commit.
    GroupCommitWriter writer = new GroupCommitWriter(db, 64, dev.switchboard.config.StorageConfig.DEFAULT_MAX_BATCH_DELAY, meters);
    WriterFixtures.Held held = WriterFixtures.hold(writer);
    List<CompletableFuture<String>> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      queued.add(writer.submit("put", put("q" + i)));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> writer.waiting() == 10);
    held.release();
    CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    assertThat(held.future().get(20, TimeUnit.SECONDS)).isTrue();
    writer.close();

    assertThat(count()).isEqualTo(10);
    assertThat(meters.get("switchboard.store.batch.size").summary().count()).isEqualTo(2);
    assertThat(meters.get("switchboard.store.batch.size").summary().max()).isEqualTo(10.0);
  }

  @Test
  void aFullBatchIsCommittedWithoutWaitingOutTheDelay() throws Exception {
    // A delay no test would wait out: the writes complete only if a full batch goes at once.
    GroupCommitWriter writer = new GroupCommitWriter(db, 4, Duration.ofHours(1), meters);
    List<CompletableFuture<String>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      all.add(writer.submit("put", put("k" + i)));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    writer.close();

    assertThat(count()).isEqualTo(8);
    assertThat(meters.get("switchboard.store.batch.size").summary().max()).isEqualTo(4.0);
  }

  @Test
  void anAfterCommitHookRunsOncePerCommittedBatch() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 4, Duration.ofMillis(50), meters);
    java.util.concurrent.atomic.AtomicInteger hooks = new java.util.concurrent.atomic.AtomicInteger();
    List<CompletableFuture<String>> all = new ArrayList<>();
    Runnable hook = hooks::incrementAndGet; // one instance, passed by every write
    for (int i = 0; i < 40; i++) {
      all.add(writer.submit("put", put("k" + i), hook));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    writer.close(); // runs what the completion thread still holds

    long batches = (long) meters.get("switchboard.store.batch.size").summary().count();
    assertThat(batches).isBetween(10L, 40L);
    assertThat(hooks.get()).isEqualTo((int) batches);
  }

  @Test
  void futuresCompleteOffTheWriterThreadAndABlockedContinuationDoesNotStopCommits() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 16, Duration.ZERO, meters);
    CountDownLatch release = new CountDownLatch(1);
    // The first write waits until its continuation is attached: otherwise, on a loaded machine, the
    // future can be complete before thenRun, which then runs on this thread instead.
    CountDownLatch attached = new CountDownLatch(1);
    AtomicReference<String> completedOn = new AtomicReference<>();
    CompletableFuture<String> first = writer.submit("first", c -> {
      try {
        attached.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return put("first").run(c);
    });
    CompletableFuture<Void> blocked = first.thenRun(() -> {
      completedOn.set(Thread.currentThread().getName());
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    attached.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> completedOn.get() != null);
    for (int i = 0; i < 5; i++) {
      writer.submit("later", put("later" + i));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> count() == 6);
    assertThat(completedOn.get()).isEqualTo("switchboard-store-complete");
    release.countDown();
    blocked.get(10, TimeUnit.SECONDS);
    writer.close();
  }

  @Test
  void closeCommitsEverythingQueuedAndRefusesWhatComesAfter() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 8, Duration.ofMillis(5), meters);
    List<CompletableFuture<String>> queued = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      queued.add(writer.submit("put", put("k" + i)));
    }
    writer.close();

    assertThat(queued).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(count()).isEqualTo(100);
    assertThat(writer.submit("late", put("late"))).isCompletedExceptionally();
  }

  @Test
  void aFailedBatchIsRetriedOneByOneSoOnlyTheBadWorkFails() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 64, Duration.ofMillis(20), meters);
    CompletableFuture<String> a = writer.submit("a", put("a"));
    CompletableFuture<String> bad = writer.submit("bad", WriterFixtures.failing());
    CompletableFuture<String> b = writer.submit("b", put("b"));

    a.get(10, TimeUnit.SECONDS);
    b.get(10, TimeUnit.SECONDS);
    assertThat(bad).failsWithin(Duration.ofSeconds(10));
    assertThat(count()).isEqualTo(2);
    writer.close();
  }

  @Test
  void writesFailPromptlyWhenTheDatabaseIsGone() throws Exception {
    GroupCommitWriter writer = new GroupCommitWriter(db, 8, Duration.ofMillis(5), meters);
    db.close();
    List<CompletableFuture<String>> writes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      writes.add(writer.submit("put", put("k" + i)));
    }

    for (CompletableFuture<String> w : writes) {
      assertThat(w).failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(SQLException.class);
    }
    writer.close();
  }
}
