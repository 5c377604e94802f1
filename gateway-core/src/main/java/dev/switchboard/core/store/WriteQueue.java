package dev.switchboard.core.store;

import java.util.List;
import java.util.concurrent.BlockingQueue;
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
 */
final class WriteQueue {

  static final int CAPACITY = 100_000;

  private final BlockingQueue<QueuedWrite<?>> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final Thread taker;
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
    return queue.poll(timeout, unit);
  }

  /** Takes the next write left, without waiting; null when none is. */
  QueuedWrite<?> poll() {
    return queue.poll();
  }

  /**
   * Adds waiting writes to {@code batch} until it holds {@code maxBatch}, waiting for them at most
   * {@code delayNanos}, less when {@code stop} says so (the writer closing).
   */
  void fill(List<QueuedWrite<?>> batch, int maxBatch, long delayNanos, BooleanSupplier stop)
      throws InterruptedException {
    long deadline = System.nanoTime() + delayNanos;
    while (batch.size() < maxBatch) {
      if (queue.drainTo(batch, maxBatch - batch.size()) > 0) {
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

  boolean remove(QueuedWrite<?> write) {
    return queue.remove(write);
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int size() {
    return queue.size();
  }
}
