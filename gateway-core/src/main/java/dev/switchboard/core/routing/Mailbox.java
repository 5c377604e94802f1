package dev.switchboard.core.routing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.RejectedExecutionException;

/**
 * The router actor's mailbox, in two lanes: agents' commands (sign-in, presence, accept, decline,
 * resolve, transfer, the timer tick) are always taken before work (arrivals, restores, admin reads,
 * reloads). A surge of thousands of arrivals queued in front of an agent's accept would otherwise hold
 * that accept for as long as the whole backlog takes; commands are few (a handful per agent) and each
 * is short, so the work lane cannot starve for long.
 */
final class Mailbox {

  private final Deque<Runnable> commands = new ArrayDeque<>();
  private final Deque<Runnable> work = new ArrayDeque<>();
  private boolean closed;

  synchronized void command(Runnable r) {
    add(commands, r);
  }

  synchronized void work(Runnable r) {
    add(work, r);
  }

  /** The next message, commands first; null once closed and empty. */
  synchronized Runnable take() throws InterruptedException {
    while (commands.isEmpty() && work.isEmpty()) {
      if (closed) {
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

  private void add(Deque<Runnable> lane, Runnable r) {
    if (closed) {
      throw new RejectedExecutionException("the router is closed");
    }
    lane.add(r);
    notifyAll();
  }
}
