package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The singletons of one node, in the order they were added: all started on {@link #lead}, all stopped, in
 * reverse, on {@link #follow}. One added while leading starts at once. The gateway calls it while it starts
 * and stops, and cluster membership calls it from its one singletons thread.
 *
 * <p>A term can end while its singletons are still starting one after the other (a router rebuilding a long
 * queue takes seconds): its lease lost, or the node told to follow from another thread. Before each start,
 * and again after it, {@link #lead} checks that the term is still current; once it is not, nothing more of
 * that term starts and what did start is stopped at once, in reverse. Before, the rest of a deposed leader's
 * singletons kept starting after its term had ended (an outbox and schedulers of a dead term beside the next
 * leader's), and were only stopped once they all had.
 */
public final class Singletons {

  private static final Logger log = LoggerFactory.getLogger(Singletons.class);

  private record Entry(String name, Singleton singleton) {}

  private record Running(String name, AutoCloseable handle) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<Running> running = new ArrayList<>();
  /** Moved on by every {@link #follow} as it is called, before it waits for a {@link #lead} in progress. */
  private final AtomicLong stops = new AtomicLong();
  private volatile boolean closed;
  private LeaderTerm term;
  private BooleanSupplier current = () -> true;

  /** Adds a singleton; started now when this node leads. */
  public synchronized void add(String name, Singleton singleton) throws Exception {
    Entry e = new Entry(requireNonNull(name, "name"), requireNonNull(singleton, "singleton"));
    entries.add(e);
    if (term != null && current.getAsBoolean()) {
      start(e, term);
    }
  }

  /** Starts every singleton for {@code term}, which stays current until this node follows (a single node). */
  public void lead(LeaderTerm term) throws Exception {
    lead(term, () -> true);
  }

  /**
   * Starts every singleton for {@code term} while {@code current} says the term has not ended; stops the
   * ones started once it has, or once {@link #follow} is called meanwhile. When one fails to start, those
   * started are stopped again and the failure is thrown: a leader without its router or outbox must give the
   * lease up.
   */
  public synchronized void lead(LeaderTerm term, BooleanSupplier current) throws Exception {
    requireNonNull(term, "term");
    requireNonNull(current, "current");
    if (this.term != null) {
      follow();
    }
    long stopsBefore = stops.get();
    BooleanSupplier live = () -> !closed && stops.get() == stopsBefore && current.getAsBoolean();
    this.term = term;
    this.current = live;
    try {
      for (Entry e : entries) {
        if (!live.getAsBoolean()) {
          log.warn("Term {} ended before singleton {} could start; stopping the {} started", term.number(),
              e.name(), running.size());
          follow();
          return;
        }
        start(e, term);
      }
      if (!live.getAsBoolean()) {
        log.warn("Term {} ended while its singletons started; stopping them", term.number());
        follow();
      }
    } catch (Exception | Error e) {
      follow();
      throw e;
    }
  }

  /**
   * Stops every running singleton, last started first. A {@link #lead} in progress on another thread starts
   * nothing more once this is called, and this waits for it.
   */
  public void follow() {
    stops.incrementAndGet();
    synchronized (this) {
      for (int i = running.size() - 1; i >= 0; i--) {
        Running r = running.get(i);
        try {
          r.handle().close();
          log.info("Singleton {} stopped (term {})", r.name(), term == null ? "-" : term.number());
        } catch (Exception e) {
          log.error("Singleton {} failed to stop", r.name(), e);
        }
      }
      running.clear();
      term = null;
    }
  }

  /**
   * Stops every running singleton for good, as the gateway stops: a lead called after (a lease this node
   * gains while it stops, before it leaves the cluster) starts nothing, nor does an add.
   */
  public void close() {
    closed = true;
    follow();
  }

  /** The term the singletons run under, when they do. */
  public synchronized Optional<LeaderTerm> term() {
    return Optional.ofNullable(term);
  }

  private void start(Entry e, LeaderTerm term) throws Exception {
    running.add(new Running(e.name(), e.singleton().start(term)));
    log.info("Singleton {} started (term {})", e.name(), term.number());
  }
}
