package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The singletons of one node, in the order they were added: all started on {@link #lead}, all stopped, in
 * reverse, on {@link #follow}. One added while leading starts at once. Not thread-safe: the gateway calls it
 * while it starts and stops, and cluster membership calls it from its one singletons thread.
 */
public final class Singletons {

  private static final Logger log = LoggerFactory.getLogger(Singletons.class);

  private record Entry(String name, Singleton singleton) {}

  private record Running(String name, AutoCloseable handle) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<Running> running = new ArrayList<>();
  private LeaderTerm term;

  /** Adds a singleton; started now when this node leads. */
  public synchronized void add(String name, Singleton singleton) throws Exception {
    Entry e = new Entry(requireNonNull(name, "name"), requireNonNull(singleton, "singleton"));
    entries.add(e);
    if (term != null) {
      start(e, term);
    }
  }

  /**
   * Starts every singleton for {@code term}. When one fails to start, those started are stopped again and
   * the failure is thrown: a leader without its router or outbox must give the lease up.
   */
  public synchronized void lead(LeaderTerm term) throws Exception {
    requireNonNull(term, "term");
    if (this.term != null) {
      follow();
    }
    this.term = term;
    try {
      for (Entry e : entries) {
        start(e, term);
      }
    } catch (Exception | Error e) {
      follow();
      throw e;
    }
  }

  /** Stops every running singleton, last started first. */
  public synchronized void follow() {
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

  /** The term the singletons run under, when they do. */
  public synchronized Optional<LeaderTerm> term() {
    return Optional.ofNullable(term);
  }

  private void start(Entry e, LeaderTerm term) throws Exception {
    running.add(new Running(e.name(), e.singleton().start(term)));
    log.info("Singleton {} started (term {})", e.name(), term.number());
  }
}
