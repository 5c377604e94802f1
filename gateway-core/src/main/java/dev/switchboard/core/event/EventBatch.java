package dev.switchboard.core.event;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events one thread publishes as one unit, such as the messages of one committed batch of writes
 * (the store's completion thread opens one per batch). Listeners still hear each event at once, in order;
 * one that hands each event to another thread may hold that thread's wake-up until the unit ends
 * ({@link #atEndOnce}) and so wake it once for the lot, not once per event: on a 2-core box every
 * wake-up is a futex call on each side and a context switch.
 */
public final class EventBatch {

  private static final Logger log = LoggerFactory.getLogger(EventBatch.class);
  private static final ThreadLocal<EventBatch> OPEN = new ThreadLocal<>();

  private final List<Runnable> ends = new ArrayList<>(2);

  private EventBatch() {
  }

  /**
   * Runs {@code publishing} as one batch, then (even when it threw) each end registered in it, in the
   * order registered; a failing end is logged and the others still run. Inside a batch already open on
   * this thread it is part of that one.
   */
  public static void run(Runnable publishing) {
    requireNonNull(publishing, "publishing");
    if (OPEN.get() != null) {
      publishing.run();
      return;
    }
    EventBatch batch = new EventBatch();
    OPEN.set(batch);
    try {
      publishing.run();
    } finally {
      OPEN.remove();
      for (int i = 0; i < batch.ends.size(); i++) {
        try {
          batch.ends.get(i).run();
        } catch (RuntimeException e) {
          log.error("The end of an event batch failed", e);
        }
      }
    }
  }

  /**
   * Registers {@code end} to run when the batch open on this thread ends, and says true, when a batch is
   * open here and {@code end} (by identity) is not registered in it yet; otherwise does nothing and says
   * false: outside a batch, and for the batch's second and later calls with the same {@code end}.
   */
  public static boolean atEndOnce(Runnable end) {
    requireNonNull(end, "end");
    EventBatch batch = OPEN.get();
    if (batch == null) {
      return false;
    }
    for (int i = 0; i < batch.ends.size(); i++) {
      if (batch.ends.get(i) == end) {
        return false;
      }
    }
    batch.ends.add(end);
    return true;
  }
}
