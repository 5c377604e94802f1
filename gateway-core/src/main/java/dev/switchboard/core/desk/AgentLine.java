package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.frames.FrameLog;
import dev.switchboard.core.model.ConversationId;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's stream of server frames, shared by all their open desks: a {@link FrameLog} (numbering,
 * the frames kept for {@code resumeAfter}, the open desks) plus a chain that sends frames whose content
 * needs store reads in the order they were made.
 */
final class AgentLine {

  private static final Logger log = LoggerFactory.getLogger(AgentLine.class);

  private final String agent;
  private final FrameLog<PushedFrame> frames;
  /** Orders a desk {@link #opening} against the last desk's close telling the router (see {@link #detach}). */
  private final Object presence = new Object();
  private int opening; // guarded by presence
  private final Set<ConversationId> offersInFlight = new HashSet<>(); // guarded by this
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  AgentLine(String agent, Clock clock, Duration retention, int maxFrames) {
    this.agent = agent;
    this.frames = new FrameLog<>(PushedFrame::encode, new FrameLog.Retention(maxFrames, retention), clock);
  }

  String agent() {
    return agent;
  }

  /** The last number given out; see {@link FrameLog#mark}. */
  long mark() {
    return frames.mark();
  }

  /** Attaches a desk with the frames after {@code resumeAfter}; false (nothing sent) when they are not all kept. */
  boolean resume(FrameLog.Outlet desk, long resumeAfter) {
    return frames.resume(desk, List.of(), resumeAfter);
  }

  /** Attaches a desk with {@code ready} (read at {@code mark}) and what was broadcast since; false when that is gone. */
  boolean attach(FrameLog.Outlet desk, ObjectNode ready, long mark) {
    return frames.attach(desk, List.of(PushedFrame.of(ready)), mark);
  }

  /**
   * A desk has signed in and is reading its state: until {@link #opened}, the agent's other desks
   * closing does not make the agent disconnected. Called before the desk's sign-in reaches the router.
   */
  void opening() {
    synchronized (presence) {
      opening++;
    }
  }

  /** The desk that was {@link #opening} is attached, or gave up. */
  void opened() {
    synchronized (presence) {
      opening--;
    }
  }

  /**
   * Detaches a desk; when it was the agent's last (none open, none opening), runs {@code gone} (which
   * queues the router's {@code agentDisconnected}) before any desk of the agent can begin {@link #opening},
   * so the router takes the close before a new desk's sign-in, never after it: the desks close and open
   * on different event loops, and a close queued late would take an agent offline behind their open
   * desk. {@code gone} must only queue (no blocking); it runs under the line's presence lock.
   */
  boolean detach(FrameLog.Outlet desk, Runnable gone) {
    synchronized (presence) {
      if (!frames.detach(desk) || opening != 0) {
        return false;
      }
      beforeGone.accept(agent);
      gone.run();
      return true;
    }
  }

  /** Test seam: runs between a last desk's detach and {@code gone} (the agent's id); nothing in production. */
  static volatile Consumer<String> beforeGone = agent -> { };

  /** Numbers, keeps and sends a frame to every open desk of the agent. */
  void broadcast(ObjectNode frame) {
    broadcast(PushedFrame.of(frame));
  }

  private void broadcast(PushedFrame frame) {
    frames.broadcast(frame, null);
  }

  /** Numbers and sends a frame to one desk only (an error, a history): not kept for resume. */
  void sendTo(FrameLog.Outlet desk, ObjectNode frame) {
    frames.sendTo(desk, PushedFrame.of(frame));
  }

  /** Sends a frame to every open desk without keeping it (typing: stale once missed). */
  void pushTransient(ObjectNode frame) {
    frames.pushTransient(PushedFrame.of(frame));
  }

  /** Where a new desk's {@code ready} stands: the last number given out, and the offers whose frames come after it. */
  record Snapshot(long mark, Set<ConversationId> offersInFlight) {
    Snapshot {
      offersInFlight = Set.copyOf(offersInFlight);
    }
  }

  /**
   * Taken on the router thread with the router's state for a new desk's {@code ready}: offers made
   * before it whose {@code offer} frame is numbered after {@link Snapshot#mark} reach the desk as that
   * frame, so {@code ready} leaves them out (each offer reaches a desk once).
   */
  synchronized Snapshot snapshot() {
    return new Snapshot(frames.mark(), offersInFlight);
  }

  /** Broadcasts the {@code offer} frame {@code make} builds, in order; until it is numbered the offer is in flight. */
  synchronized void offerLater(ConversationId id, Supplier<CompletionStage<ObjectNode>> make) {
    offersInFlight.add(id);
    tail = tail.thenCompose(v -> make.get()).handle((frame, err) -> {
      synchronized (this) {
        offersInFlight.remove(id);
        if (err == null) {
          broadcast(frame);
        } else {
          log.warn("Could not build the offer of {} for {}: {}", id, agent, err.toString());
        }
      }
      return null;
    });
  }

  /**
   * Broadcasts {@code frame}'s frame after every frame queued before it: at once, on this thread, when
   * none is still being built (the common case: a chat message to its assignee), which spares the
   * chain of futures and its allocations per frame.
   */
  synchronized void broadcastNext(Supplier<PushedFrame> frame) {
    if (!tail.isDone()) {
      chain(() -> CompletableFuture.completedFuture(frame.get()));
      return;
    }
    PushedFrame made;
    try {
      made = frame.get();
    } catch (RuntimeException e) {
      log.warn("Could not build a frame for {}: {}", agent, e.toString());
      return;
    }
    broadcast(made);
  }

  /** Broadcasts the frame {@code make} builds, after every frame queued before it. */
  synchronized void broadcastLater(Supplier<CompletionStage<ObjectNode>> make) {
    chain(() -> make.get().thenApply(PushedFrame::of));
  }

  private synchronized void chain(Supplier<CompletionStage<PushedFrame>> make) {
    tail = tail.thenCompose(v -> make.get()).thenAccept(this::broadcast).exceptionally(err -> {
      log.warn("Could not build a frame for {}: {}", agent, err.toString());
      return null;
    });
  }
}
