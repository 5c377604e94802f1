package dev.switchboard.core.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The router actor's mailbox, in two lanes: agents' commands (sign-in, presence, accept, decline,
 * resolve, transfer, the timer tick) are always taken before work (arrivals, restores, admin reads,
 * reloads). A surge of thousands of arrivals queued in front of an agent's accept would otherwise hold
 * that accept for as long as the whole backlog takes; commands are few (a handful per agent) and each
 * is short, so the work lane cannot starve for long.
 *
 * <p>The work lane can be {@linkplain #holdWork held} while a thread publishes a batch of events (the
 * messages of one committed batch of writes): work queued meanwhile waits, in order, and wakes the router
 * once when the last hold is released, so the batch's messages are one run, not one run and one wake-up
 * each. Commands are never held.
 */
final class Mailbox {

  private final Deque<Runnable> commands = new ArrayDeque<>();
  private final Deque<Runnable> work = new ArrayDeque<>();
  private boolean closed;
  private int workHolds;

  synchronized void command(Runnable r) {
    add(commands, r);
  }

  synchronized void work(Runnable r) {
    add(work, r);
  }

  /** Holds the work lane: nothing in it is taken, and nothing added to it wakes the router, until released. */
  synchronized void holdWork() {
    workHolds++;
  }

  /** Releases one {@link #holdWork}; the last one wakes the router when work waits. */
  synchronized void releaseWork() {
    if (workHolds == 0) {
      throw new IllegalStateException("the work lane is not held");
    }
    workHolds--;
    if (workHolds == 0 && !work.isEmpty()) {
      notifyAll();
    }
  }

  /**
   * Adds {@code item} to the run of items at the work lane's tail, or queues a new run when the tail is
   * anything else: items queued back to back before the router takes their run (it is busy, or the lane
   * is held for a batch of events) are taken as one message, with one wake-up and one {@code afterRun}
   * after them. Only the tail joins, so no item passes work queued before it; a run taken is out of the
   * lane and takes no more.
   */
  synchronized void workInRun(Runnable item, Runnable afterRun) {
    if (!closed && work.peekLast() instanceof Run run) {
      run.items.add(item);
      return;
    }
    add(work, new Run(item, afterRun));
  }

  /** The next message, commands first, work only while the lane is not held; null once closed and empty. */
  synchronized Runnable take() throws InterruptedException {
    while (commands.isEmpty() && (work.isEmpty() || workHolds > 0)) {
      if (closed && work.isEmpty()) {
        return null;
      }
      wait();
    }
    return commands.isEmpty() ? work.poll() : commands.poll();
  }

  /** Refuses new messages; those already in are still taken. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized int pendingCommands() {
    return commands.size();
  }

  synchronized int pendingWork() {
    return work.size();
  }

  /** Items queued back to back, then {@code afterRun} once. Its items change only under the mailbox's lock. */
  private static final class Run implements Runnable {
    private final List<Runnable> items = new ArrayList<>();
    private final Runnable afterRun;

    Run(Runnable first, Runnable afterRun) {
      items.add(first);
      this.afterRun = afterRun;
    }

    @Override
    public void run() {
      for (Runnable item : items) {
        item.run();
      }
      afterRun.run();
    }
  }

  private void add(Deque<Runnable> lane, Runnable r) {
    if (closed) {
      throw new RejectedExecutionException("the router is closed");
    }
    lane.add(r);
    if (lane == commands || workHolds == 0) {
      notifyAll();
    }
  }
}
