package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outgoing half of {@link ClusterEvents}: this node's events that others need, other than an ingest's
 * own (written in the ingest's transaction), appended to {@code cluster_events} in batches by one thread
 * ({@code sb-cluster-events-out}), each batch one transaction, and signalled once committed
 * ({@link EventWakeup}). A batch that fails is tried again whole, so nothing queued is dropped by a
 * database outage; only a full queue (100,000 rows) drops, counted.
 */
final class EventSender {

  private static final Logger log = LoggerFactory.getLogger(EventSender.class);
  private static final int BATCH = 500;

  private final DataSource source;
  private final String nodeId;
  private final EventWakeup wakeup;
  private final BlockingQueue<EventRow> outgoing = new LinkedBlockingQueue<>(100_000);
  private final Counter sent;
  private final Counter dropped;
  private final Thread writer;
  private volatile boolean running = true;

  EventSender(DataSource source, String nodeId, EventWakeup wakeup, MeterRegistry meters) {
    this.source = requireNonNull(source, "source");
    this.nodeId = requireNonNull(nodeId, "nodeId");
    this.wakeup = requireNonNull(wakeup, "wakeup");
    this.sent = meters.counter("switchboard.cluster.events", "direction", "sent");
    this.dropped = meters.counter("switchboard.cluster.events", "direction", "dropped");
    this.writer = new Thread(this::writeLoop, "sb-cluster-events-out");
    writer.setDaemon(true);
  }

  void start() {
    writer.start();
  }

  /** Queues {@code row} for the next batch; never blocks (a full queue drops it, counted). */
  void send(EventRow row) {
    if (!outgoing.offer(row)) {
      dropped.increment();
    }
  }

  private void writeLoop() {
    List<EventRow> batch = new ArrayList<>();
    while (running || !outgoing.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          EventRow first = outgoing.poll(ClusterEvents.POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          outgoing.drainTo(batch, BATCH - 1);
        }
        insert(batch);
        sent.increment(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException e) {
        log.warn("Could not send {} events to the other nodes ({}); trying again", batch.size(), e.toString());
        ClusterEvents.pause();
      }
    }
  }

  private void insert(List<EventRow> batch) throws SQLException {
    try (Connection c = source.getConnection()) {
      c.setAutoCommit(false);
      try {
        EventJournal.insert(c, nodeId, batch);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    wakeup.signal(); // after the commit, from the wake-up's own thread
  }

  /** Sends what is queued (waiting up to 10 s for it), then stops the thread. */
  void close() throws InterruptedException {
    running = false;
    writer.join(TimeUnit.SECONDS.toMillis(10));
  }
}
