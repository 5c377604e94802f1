package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.frames.FrameLog;
import dev.switchboard.core.routing.QueueView;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.routing.RoutingDecision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every desk's view of the team current: the tiers and the agents online ({@code team}, to every
 * agent) and the waiting queue ({@code queue}, to supervisors). A routing decision that may change them
 * (an offer, an assignment, a presence change, …) marks the feed changed; it then reads the router's
 * state at most once per interval ({@code routing.teamViewInterval}, a second by default) and pushes only
 * the frames whose content changed. The
 * frames are snapshots, stale once a newer one exists, so they are pushed like {@code typing} (numbered,
 * not kept for resume): a desk that resumes gets the latest ones right after the replay instead, and a
 * busy queue cannot crowd the frames an agent must not miss out of the replay buffer.
 *
 * <p>Closed with its desk at the end of a routing term ({@link #close}): a read still due then is not made,
 * and one in flight that fails because the term's router closed under it is not an operator's problem.
 */
final class TeamFeed {

  private static final Logger log = LoggerFactory.getLogger(TeamFeed.class);

  private final AgentDesk desk;
  private final Router router;
  private final Predicate<String> supervisor;
  private final AtomicBoolean changed = new AtomicBoolean();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;
  /** The shortest time between two reads of the router's state: a busy queue costs at most one read per interval. */
  private final long intervalNanos;
  private volatile long lastReadNanos;
  private volatile Snapshot last = new Snapshot(List.of(), List.of(), QueueView.Head.EMPTY, "", "");
  private final CompletableFuture<Void> firstRead = new CompletableFuture<>();

  /** The state last read, and the content of the frames it made. */
  record Snapshot(List<String> tiers, List<QueueView.Agent> agents, QueueView.Head waiting,
      String team, String queue) {}

  TeamFeed(AgentDesk desk, Router router, Predicate<String> supervisor, Duration interval) {
    this.desk = desk;
    this.router = router;
    this.supervisor = supervisor;
    this.intervalNanos = interval.toNanos();
    this.lastReadNanos = System.nanoTime() - intervalNanos;
    changed(); // the first read: a ready waits for it, so none goes out without the tiers
  }

  /** On the router thread: only marks the feed changed. */
  void onDecision(RoutingDecision d) {
    if (!(d instanceof RoutingDecision.SlaWarning || d instanceof RoutingDecision.SlaBreach)) {
      changed();
    }
  }

  /** Something the team view shows may have changed (a decision, a config reload): read it again soon. */
  void changed() {
    if (closed) {
      return;
    }
    changed.set(true);
    if (scheduled.compareAndSet(false, true)) {
      long wait = Math.max(0, lastReadNanos + intervalNanos - System.nanoTime());
      CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS).execute(this::read);
    }
  }

  /** The state as last read, for a {@code ready} ({@link #addTo}) and then {@link #attached}; at start, once read. */
  CompletionStage<Snapshot> view() {
    return firstRead.thenApply(read -> last);
  }

  /** Adds {@code supervisor}, {@code tiers}, {@code agents} and, for a supervisor, {@code queue} to a {@code ready} frame. */
  ObjectNode addTo(ObjectNode ready, String agent, Snapshot view) {
    boolean sup = supervisor.test(agent);
    ready.put("supervisor", sup);
    TeamFrames.putTeam(ready, view.tiers(), view.agents(), supervisor);
    if (sup) {
      TeamFrames.putQueue(ready.putObject("queue"), view.waiting());
    }
    return ready;
  }

  /**
   * A desk was attached, after its {@code ready} showed {@code shown} or after a resume ({@code null}):
   * unless it already shows the latest state, the latest {@code team} (and {@code queue}) go to it only. A
   * push made while it was not attached yet is not lost that way, and a resumed desk always gets a frame.
   */
  void attached(AgentLine line, FrameLog.Outlet desk, Snapshot shown) {
    Snapshot s = last;
    if (s == shown) {
      return;
    }
    line.sendTo(desk, TeamFrames.team(s.tiers(), s.agents(), supervisor));
    if (supervisor.test(line.agent())) {
      line.sendTo(desk, TeamFrames.queue(s.waiting()));
    }
  }

  /** Reads no more: the term ended, and its router closes after its desk. */
  void close() {
    closed = true;
  }

  private void read() {
    if (closed) {
      return;
    }
    changed.set(false);
    lastReadNanos = System.nanoTime();
    router.tiers()
        .thenCombine(router.agents(), (tiers, agents) -> new Snapshot(tiers, agents, QueueView.Head.EMPTY, "", ""))
        .thenCombine(router.queueHead(TeamFrames.MAX_WAITING),
            (s, waiting) -> new Snapshot(s.tiers(), s.agents(), waiting, "", ""))
        .whenCompleteAsync((s, err) -> { // off the router thread: building and sending frames is the desks' work
          try {
            if (err != null && closed) {
              log.debug("The team's state was not read: the term ended ({})", err.toString());
            } else if (err != null) {
              log.warn("Could not read the team's state for the desks: {}", err.toString());
            } else if (!closed) {
              publish(s);
            }
          } finally {
            firstRead.complete(null);
            scheduled.set(false);
            if (changed.get()) {
              changed();
            }
          }
        }, ForkJoinPool.commonPool());
  }

  private void publish(Snapshot read) {
    ObjectNode team = TeamFrames.team(read.tiers(), read.agents(), supervisor);
    ObjectNode queue = TeamFrames.queue(read.waiting());
    Snapshot before = last;
    Snapshot now = new Snapshot(read.tiers(), read.agents(), read.waiting(), TeamFrames.content(team),
        TeamFrames.content(queue));
    last = now;
    boolean teamChanged = !now.team().equals(before.team());
    boolean queueChanged = !now.queue().equals(before.queue());
    for (QueueView.Agent a : read.agents()) {
      if (!a.connected()) {
        continue;
      }
      AgentLine line = desk.line(a.id());
      if (teamChanged) {
        line.pushTransient(team.deepCopy());
      }
      if (queueChanged && supervisor.test(a.id())) {
        line.pushTransient(queue.deepCopy());
      }
    }
  }
}
