package dev.switchboard.core.routing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class MailboxTest {

  private final Mailbox mailbox = new Mailbox();
  private final List<String> ran = new CopyOnWriteArrayList<>();

  private Runnable note(String name) {
    return () -> ran.add(name);
  }

  private void takeAll() throws InterruptedException {
    mailbox.close();
    for (Runnable r = mailbox.take(); r != null; r = mailbox.take()) {
      r.run();
    }
  }

  @Test
  void commandsAreTakenBeforeEveryWaitingArrivalAndEachLaneKeepsItsOrder() throws InterruptedException {
    for (int i = 0; i < 1_000; i++) {
      mailbox.work(note("arrival" + i));
    }
    mailbox.command(note("ready"));
    mailbox.command(note("accept"));

    mailbox.take().run();
    mailbox.take().run();
    mailbox.work(note("late arrival"));
    mailbox.command(note("decline"));
    takeAll();

    assertThat(ran.subList(0, 3)).containsExactly("ready", "accept", "decline");
    assertThat(ran.subList(3, ran.size())).hasSize(1_001).startsWith("arrival0", "arrival1").endsWith("late arrival");
  }

  @Test
  void itemsQueuedBackToBackAreOneRunAndNothingPassesWorkQueuedBeforeIt() throws InterruptedException {
    mailbox.workInRun(note("added1"), note("step"));
    mailbox.workInRun(note("added2"), note("step"));
    mailbox.work(note("arrival"));
    mailbox.workInRun(note("added3"), note("step"));
    mailbox.command(note("accept"));

    assertThat(mailbox.pendingWork()).isEqualTo(3);
    takeAll();

    assertThat(ran).containsExactly("accept", "added1", "added2", "step", "arrival", "added3", "step");
  }

  @Test
  void aRunTakenTakesNoMoreItems() throws InterruptedException {
    mailbox.workInRun(note("added1"), note("step"));
    Runnable taken = mailbox.take();
    mailbox.workInRun(note("added2"), note("step"));
    taken.run();

    assertThat(ran).containsExactly("added1", "step");
    takeAll();
    assertThat(ran).containsExactly("added1", "step", "added2", "step");
  }

  @Test
  void aClosedMailboxRefusesARunsItemEvenWhenARunWaits() {
    mailbox.workInRun(note("added1"), note("step"));
    mailbox.close();

    assertThatThrownBy(() -> mailbox.workInRun(note("added2"), note("step")))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void aClosedMailboxRefusesNewMessagesButHandsOutThoseAlreadyIn() throws InterruptedException {
    mailbox.work(note("arrival"));
    mailbox.close();

    assertThatThrownBy(() -> mailbox.command(note("ready"))).isInstanceOf(RejectedExecutionException.class);
    mailbox.take().run();
    assertThat(mailbox.take()).isNull();
    assertThat(ran).containsExactly("arrival");
  }

  @Test
  void aHeldWorkLaneHandsOutCommandsButNoWorkUntilItsLastHoldIsReleased() throws Exception {
    mailbox.holdWork();
    mailbox.holdWork();
    mailbox.workInRun(note("added1"), note("step"));
    mailbox.work(note("arrival"));
    mailbox.workInRun(note("added2"), note("step"));
    mailbox.command(note("accept"));

    mailbox.take().run();
    mailbox.releaseWork();
    CompletableFuture<Runnable> next = CompletableFuture.supplyAsync(this::takeOne);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> !next.isDone());
    mailbox.releaseWork();
    next.get(20, SECONDS).run();
    takeAll();

    assertThat(ran).containsExactly("accept", "added1", "step", "arrival", "added2", "step");
  }

  @Test
  void workHeldWhenTheMailboxClosesIsStillHandedOutOnceReleased() throws Exception {
    mailbox.holdWork();
    mailbox.workInRun(note("added"), note("step"));
    mailbox.close();

    CompletableFuture<Runnable> next = CompletableFuture.supplyAsync(this::takeOne);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> !next.isDone());
    mailbox.releaseWork();
    next.get(20, SECONDS).run();

    assertThat(ran).containsExactly("added", "step");
    assertThat(mailbox.take()).isNull();
  }

  @Test
  void releasingALaneThatIsNotHeldIsAnError() {
    assertThatThrownBy(mailbox::releaseWork).isInstanceOf(IllegalStateException.class);
  }

  private Runnable takeOne() {
    try {
      return mailbox.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
