package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the other nodes' event tails: {@code pg_notify('switchboard_events', <node id>)} in a statement of
 * its own, from its own thread, never inside a store transaction (a transaction that notifies takes a
 * global lock at commit, which would serialize every node's commits). Signals that arrive while one is
 * pending or being sent fold into the next, so a committed batch of any size costs at most one notification, and a burst of batches
 * fewer. A lost one only delays: the tails poll as well.
 */
final class EventWakeup implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventWakeup.class);
  static final String CHANNEL = "switchboard_events";
  private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', ?)";

  private final DataSource source;
  private final String origin;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean running = true;

  /** {@code origin}, this node's id, is the notification's payload (for whoever watches the channel). */
  EventWakeup(DataSource source, String origin) {
    this.source = requireNonNull(source, "source");
    this.origin = requireNonNull(origin, "origin");
    this.thread = new Thread(this::loop, "sb-cluster-notify");
    thread.setDaemon(true);
    thread.start();
  }

  /** Rows were committed: the tails should look. Quick; never blocks. */
  void signal() {
    pending.set(true);
    LockSupport.unpark(thread);
  }

  private void loop() {
    while (running || pending.get()) {
      if (!pending.getAndSet(false)) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ClusterEvents.POLL_MILLIS));
        continue;
      }
      try (Connection c = source.getConnection(); PreparedStatement s = c.prepareStatement(NOTIFY)) {
        s.setString(1, origin);
        s.execute();
      } catch (SQLException e) {
        log.debug("Could not wake the other nodes ({}); they find the events at their next poll", e.toString());
      }
    }
  }

  /** Sends what is pending, then stops. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
