package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.http.WebSocketSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's stream of server frames, shared by all their open desks: it numbers every frame with the
 * next {@code seq}, keeps recent frames for {@code resumeAfter}, and sends each to every open session.
 * Frames whose content needs store reads are chained so they still leave in the order they were made.
 */
final class AgentLine {

  private static final Logger log = LoggerFactory.getLogger(AgentLine.class);

  private record Sent(long seq, Instant at, String json) {}

  private final String agent;
  private final Clock clock;
  private final Duration retention;
  private final int maxFrames;
  private final Set<WebSocketSession> sessions = new CopyOnWriteArraySet<>();
  private final Deque<Sent> kept = new ArrayDeque<>();
  private long seq;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  AgentLine(String agent, Clock clock, Duration retention, int maxFrames) {
    this.agent = agent;
    this.clock = clock;
    this.retention = retention;
    this.maxFrames = maxFrames;
  }

  String agent() {
    return agent;
  }

  void attach(WebSocketSession s) {
    sessions.add(s);
  }

  /** Detaches a session; true when it was the agent's last. */
  boolean detach(WebSocketSession s) {
    sessions.remove(s);
    return sessions.isEmpty();
  }

  /** Numbers, keeps and sends a frame to every open desk of the agent. */
  synchronized void broadcast(ObjectNode frame) {
    frame.put("seq", ++seq);
    String json = Json.writeString(frame);
    kept.addLast(new Sent(seq, clock.instant(), json));
    prune();
    for (WebSocketSession s : sessions) {
      s.send(json);
    }
  }

  /** Numbers and sends a frame to one desk only (an error, a ready): not kept for resume. */
  synchronized void sendTo(WebSocketSession s, ObjectNode frame) {
    frame.put("seq", ++seq);
    s.send(Json.writeString(frame));
  }

  /** Broadcasts the frame {@code make} builds, after every frame queued before it. */
  synchronized void broadcastLater(Supplier<CompletionStage<ObjectNode>> make) {
    tail = tail.thenCompose(v -> make.get()).thenAccept(this::broadcast).exceptionally(err -> {
      log.warn("Could not build a frame for {}: {}", agent, err.toString());
      return null;
    });
  }

  /**
   * Sends the kept frames after {@code resumeAfter} to {@code s}; false (nothing sent) when frames it
   * missed are no longer kept or the number is not one this line gave out.
   */
  synchronized boolean replay(WebSocketSession s, long resumeAfter) {
    prune();
    if (resumeAfter < 0 || resumeAfter > seq) {
      return false;
    }
    long oldestKept = kept.isEmpty() ? seq + 1 : kept.peekFirst().seq();
    if (resumeAfter + 1 < oldestKept) {
      return false;
    }
    for (Sent f : kept) {
      if (f.seq() > resumeAfter) {
        s.send(f.json());
      }
    }
    return true;
  }

  List<WebSocketSession> sessions() {
    return List.copyOf(sessions);
  }

  private void prune() {
    Instant oldest = clock.instant().minus(retention);
    while (!kept.isEmpty() && (kept.size() > maxFrames || kept.peekFirst().at().isBefore(oldest))) {
      kept.removeFirst();
    }
  }
}
