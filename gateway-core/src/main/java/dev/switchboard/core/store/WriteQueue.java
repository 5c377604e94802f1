package dev.switchboard.core.store;

import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The writes waiting for the {@link GroupCommitWriter}'s thread, and that thread's wait for company. The
 * wait is a park, not the queue's {@code poll}: waiting in {@code poll}, every write queued meanwhile woke
 * the writer (the queue signals a waiting taker whenever it was empty), one futex call for the submitting
 * event loop and one wake-up for the writer per write; {@link #offer} unparks it only once a full batch
 * is waiting.
 *
 * <p>A batch ends before a write that must be {@linkplain QueuedWrite#alone() alone} and such a write is a
 * batch by itself: what a batch took past it is held back, in order, ahead of the queue ({@code heldBack},
 * the taker's only), and taken first.
 */
final class WriteQueue {

  static final int CAPACITY = 100_000;

  private final BlockingQueue<QueuedWrite<?>> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final Thread taker;
  /** Writes taken from the queue but left for the next batch, which takes them first (the taker's only). */
  private final BlockingDeque<QueuedWrite<?>> heldBack = new LinkedBlockingDeque<>();
  /** While the taker waits for company: how many more writes fill its batch (0 otherwise). */
  private volatile int companyWanted;

  /** A queue taken from by {@code taker} only (the writer thread, not started yet). */
  WriteQueue(Thread taker) {
    this.taker = taker;
  }

  /** Queues a write; false when {@value #CAPACITY} are already waiting. */
  boolean offer(QueuedWrite<?> write) {
    boolean queued = queue.offer(write);
    int wanted = companyWanted;
    if (queued && wanted > 0 && queue.size() >= wanted) {
      LockSupport.unpark(taker); // a full batch waits: commit it now rather than at the delay's end
    }
    return queued;
  }

  /** The first write of the next batch, or null after {@code timeout} without one. */
  QueuedWrite<?> poll(long timeout, TimeUnit unit) throws InterruptedException {
    QueuedWrite<?> next = heldBack.poll();
    return next != null ? next : queue.poll(timeout, unit);
  }

  /** Takes the next write left, without waiting; null when none is. */
  QueuedWrite<?> poll() {
    QueuedWrite<?> next = heldBack.poll();
    return next != null ? next : queue.poll();
  }

  /**
   * Adds waiting writes to {@code batch} until it holds {@code maxBatch}, waiting for them at most
   * {@code delayNanos}, less when {@code stop} says so (the writer closing).
   */
  void fill(List<QueuedWrite<?>> batch, int maxBatch, long delayNanos, BooleanSupplier stop)
      throws InterruptedException {
    if (batch.get(0).alone()) {
      return;
    }
    long deadline = System.nanoTime() + delayNanos;
    while (batch.size() < maxBatch) {
      int before = batch.size();
      if (takeWaiting(batch, maxBatch - before) > 0) {
        if (holdBackFromAlone(batch, before)) {
          return;
        }
        continue;
      }
      long wait = deadline - System.nanoTime();
      if (wait <= 0 || stop.getAsBoolean()) {
        return;
      }
      // Set before the last look at the queue, so a write queued after it sees what is wanted.
      companyWanted = maxBatch - batch.size();
      try {
        if (queue.isEmpty()) {
          LockSupport.parkNanos(this, wait);
        }
      } finally {
        companyWanted = 0;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException(); // as a poll would: only the writer's close interrupts
      }
    }
  }

  /** Moves up to {@code max} waiting writes into {@code batch}, those held back first; how many. */
  private int takeWaiting(List<QueuedWrite<?>> batch, int max) {
    int taken = 0;
    for (QueuedWrite<?> w; taken < max && (w = heldBack.poll()) != null; taken++) {
      batch.add(w);
    }
    return taken + queue.drainTo(batch, max - taken);
  }

  /**
   * Whether {@code batch} took a write that must be alone (at {@code from} or after): then it and what
   * follows it are held back, ahead of anything held back already, and the batch ends before it.
   */
  private boolean holdBackFromAlone(List<QueuedWrite<?>> batch, int from) {
    for (int i = from; i < batch.size(); i++) {
      if (batch.get(i).alone()) {
        for (int j = batch.size() - 1; j >= i; j--) {
          heldBack.addFirst(batch.remove(j));
        }
        return true;
      }
    }
    return false;
  }

  boolean remove(QueuedWrite<?> write) {
    return heldBack.remove(write) || queue.remove(write);
  }

  boolean isEmpty() {
    return heldBack.isEmpty() && queue.isEmpty();
  }

  int size() {
    return heldBack.size() + queue.size();
  }
}
