package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands work back to the connections' event loops in batches: one task per loop for whatever queued up
 * meanwhile, rather than one per store result. The store completes a committed batch's writes one after
 * the other on its completion thread; handed over one by one, each result woke its loop's selector (a
 * system call on both sides), and a batch of fifty messages from visitors on two loops was fifty
 * wake-ups instead of two.
 *
 * <p>Each loop's work runs in the order it was handed over, so one connection's results keep their
 * order. A task runs at most {@value #PER_TASK} pieces of work before giving the loop back to its I/O.
 */
final class LoopHops {

  private static final Logger log = LoggerFactory.getLogger(LoopHops.class);
  static final int PER_TASK = 256;

  private final ConcurrentMap<Executor, Inbox> inboxes = new ConcurrentHashMap<>();

  /** Runs {@code work} on {@code loop} (a connection's event loop, one instance per loop), after the work handed to it before. */
  void run(Executor loop, Runnable work) {
    requireNonNull(work, "work");
    Inbox inbox = inboxes.get(loop);
    if (inbox == null) {
      inbox = inboxes.computeIfAbsent(requireNonNull(loop, "loop"), Inbox::new);
    }
    inbox.add(work);
  }

  private static final class Inbox {
    private final Executor loop;
    private final Queue<Runnable> work = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Inbox(Executor loop) {
      this.loop = loop;
    }

    void add(Runnable task) {
      work.add(task);
      schedule();
    }

    private void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        loop.execute(this::drain);
      }
    }

    private void drain() {
      scheduled.set(false); // before taking work: what is added from now on schedules its own task
      for (int i = 0; i < PER_TASK; i++) {
        Runnable next = work.poll();
        if (next == null) {
          return;
        }
        try {
          next.run();
        } catch (RuntimeException e) {
          log.error("A store result handed back to the event loop failed", e);
        }
      }
      if (!work.isEmpty()) {
        schedule();
      }
    }
  }
}
