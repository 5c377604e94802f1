package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class LoopHopsTest {

  /** A loop that runs its tasks only when told, so what was queued meanwhile can be seen. */
  private static final class StepLoop implements Executor {
    final Queue<Runnable> tasks = new ArrayDeque<>();
    int executed;

    @Override
    public void execute(Runnable task) {
      executed++;
      tasks.add(task);
    }

    void runAll() {
      for (Runnable t; (t = tasks.poll()) != null; ) {
        t.run();
      }
    }
  }

  private final LoopHops hops = new LoopHops();

  @Test
  void workHandedOverMeanwhileReachesTheLoopAsOneTaskInOrder() {
    StepLoop loop = new StepLoop();
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      hops.run(loop, () -> ran.add(n));
    }
    assertThat(loop.executed).isEqualTo(1);
    assertThat(ran).isEmpty();

    loop.runAll();
    assertThat(ran).hasSize(50).isSorted();

    hops.run(loop, () -> ran.add(50));
    assertThat(loop.executed).isEqualTo(2);
    loop.runAll();
    assertThat(ran).endsWith(50);
  }

  @Test
  void eachLoopGetsItsOwnTask() {
    StepLoop a = new StepLoop();
    StepLoop b = new StepLoop();
    List<String> ran = new ArrayList<>();
    hops.run(a, () -> ran.add("a1"));
    hops.run(b, () -> ran.add("b1"));
    hops.run(a, () -> ran.add("a2"));

    b.runAll();
    assertThat(ran).containsExactly("b1");
    a.runAll();
    assertThat(ran).containsExactly("b1", "a1", "a2");
    assertThat(a.executed).isEqualTo(1);
    assertThat(b.executed).isEqualTo(1);
  }

  @Test
  void aLongBacklogGivesTheLoopBackBetweenTasks() {
    StepLoop loop = new StepLoop();
    List<Integer> ran = new ArrayList<>();
    int total = LoopHops.PER_TASK * 2 + 3;
    for (int i = 0; i < total; i++) {
      int n = i;
      hops.run(loop, () -> ran.add(n));
    }
    loop.tasks.poll().run();
    assertThat(ran).hasSize(LoopHops.PER_TASK);
    assertThat(loop.tasks).hasSize(1);

    loop.runAll();
    assertThat(ran).hasSize(total).isSorted();
  }

  @Test
  void workThatThrowsDoesNotStopTheWorkBehindIt() {
    StepLoop loop = new StepLoop();
    List<String> ran = new ArrayList<>();
    hops.run(loop, () -> {
      throw new IllegalStateException("boom");
    });
    hops.run(loop, () -> ran.add("after"));
    loop.runAll();
    assertThat(ran).containsExactly("after");
  }

  @Test
  void workHandedOverWhileTheLoopDrainsIsNotLeftBehind() {
    StepLoop loop = new StepLoop();
    List<String> ran = new ArrayList<>();
    hops.run(loop, () -> {
      ran.add("first");
      hops.run(loop, () -> ran.add("added while draining"));
    });
    loop.runAll();
    assertThat(ran).containsExactly("first", "added while draining");
  }
}
