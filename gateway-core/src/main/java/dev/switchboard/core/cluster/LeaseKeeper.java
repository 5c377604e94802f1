package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's side of the election, as steps a scheduler (or a test) calls: {@link #step()} heartbeats the
 * node row and renews the lease while leading or tries to take it while following; {@link #checkDeadline()}
 * steps down when no renewal succeeded in time, and is called from another thread, because a renewal can
 * hang in the network for as long as its statement timeout.
 *
 * <p>Timing, with lease timeout {@code T}: a renewal sets the lease's expiry to the database's {@code now()
 * + T}, and that {@code now()} is read after this node sent the statement. So, by this node's monotonic
 * clock (never its wall clock), the lease lasts at least until {@code sent + T}. The node stops acting as
 * leader at {@code sent + T - margin} unless a later renewal succeeded first; renewals are tried every
 * {@code T/5}, the margin is {@code T/5}, so four renewals in a row may fail before it steps down, and its
 * singletons are told to stop a full margin before any other node can take the lease. What a stop that
 * overruns the margin (or a process paused past it) still tries to write is refused by the term fence.
 */
final class LeaseKeeper {

  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
  private static final long FOLLOWING = -1;

  /** What the keeper tells about changes of this node's role; called on the keeper's threads, must be quick. */
  interface Listener {
    void gained(long term);

    void lost(long term, String why);
  }

  private final LeaseTable table;
  private final NodeIdentity node;
  private final long timeoutNanos;
  private final long marginNanos;
  private final LongSupplier nanoTime;
  private final Listener listener;
  private final AtomicLong term = new AtomicLong(FOLLOWING);
  private volatile long deadline;
  private volatile boolean replaced;

  LeaseKeeper(LeaseTable table, NodeIdentity node, Duration leaseTimeout, LongSupplier nanoTime, Listener listener) {
    this.table = requireNonNull(table, "table");
    this.node = requireNonNull(node, "node");
    this.timeoutNanos = leaseTimeout.toNanos();
    this.marginNanos = renewInterval(leaseTimeout).toNanos();
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.listener = requireNonNull(listener, "listener");
  }

  /** How often {@link #step()} runs: a fifth of the lease; also the safety margin. */
  static Duration renewInterval(Duration leaseTimeout) {
    return leaseTimeout.dividedBy(5);
  }

  /** One round: heartbeat, then renew (leading) or try to take the lease (following). */
  synchronized void step() {
    if (replaced) {
      return;
    }
    try {
      if (!table.heartbeat(node)) {
        replaced = true;
        log.error("Node {}: another process took this node's name over (this one was taken for dead); "
            + "stepping down for good", node.nodeId());
        stepDown(term.get(), "another process runs as " + node.nodeId());
        return;
      }
    } catch (SQLException e) {
      log.warn("Node {}: heartbeat failed: {}", node.nodeId(), e.toString());
    }
    long held = term.get();
    if (held != FOLLOWING) {
      if (checkDeadline()) {
        return;
      }
      long sent = nanoTime.getAsLong();
      try {
        if (table.renew(node, held)) {
          deadline = sent + timeoutNanos - marginNanos;
        } else {
          stepDown(held, "the lease expired or was taken");
        }
      } catch (SQLException e) {
        log.warn("Node {}: renewing lease term {} failed ({}); stepping down by the deadline unless a renewal "
            + "succeeds", node.nodeId(), held, e.toString());
      }
      return;
    }
    long sent = nanoTime.getAsLong();
    try {
      OptionalLong taken = table.tryAcquire(node);
      if (taken.isPresent()) {
        deadline = sent + timeoutNanos - marginNanos;
        term.set(taken.getAsLong());
        log.info("Node {} leads the cluster, lease term {}", node.nodeId(), taken.getAsLong());
        listener.gained(taken.getAsLong());
      }
    } catch (SQLException e) {
      log.warn("Node {}: could not ask for the lease: {}", node.nodeId(), e.toString());
    }
  }

  /** Steps down when the last successful renewal is too old to trust; true when it did (or was not leading). */
  boolean checkDeadline() {
    long held = term.get();
    if (held == FOLLOWING) {
      return true;
    }
    if (nanoTime.getAsLong() - deadline >= 0) {
      stepDown(held, "no renewal succeeded in time");
      return true;
    }
    return false;
  }

  /** Gives the lease up at once, when leading (a graceful stop); the listener is told first. */
  void resign() {
    long held = term.get();
    if (held == FOLLOWING) {
      return;
    }
    stepDown(held, "this node is stopping");
    try {
      table.release(node, held);
    } catch (SQLException e) {
      log.warn("Node {}: could not release lease term {} ({}); it expires on its own", node.nodeId(), held,
          e.toString());
    }
  }

  private void stepDown(long held, String why) {
    if (held != FOLLOWING && term.compareAndSet(held, FOLLOWING)) {
      log.warn("Node {} no longer leads (lease term {}): {}", node.nodeId(), held, why);
      listener.lost(held, why);
    }
  }

  /** The term this node leads under, or empty while it follows. */
  OptionalLong term() {
    long t = term.get();
    return t == FOLLOWING ? OptionalLong.empty() : OptionalLong.of(t);
  }

  /** Whether another process took this node's name over: it will never lead again. */
  boolean replaced() {
    return replaced;
  }
}
