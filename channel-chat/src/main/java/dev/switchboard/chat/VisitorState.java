package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One visitor's chat session across connections and tabs: the {@code seq} counter every frame to the
 * visitor is numbered from, the recent broadcast frames kept for {@code resumeAfter}, and the open
 * connections. Connections live on different event loops, so every method locks; none blocks (a
 * session's {@code send} only queues).
 *
 * <p>The counter starts at the creation time in microseconds, so a {@code resumeAfter} from before a
 * restart (or from an evicted state) is always below {@link #resumableFrom} and gets the full history
 * instead of a wrong replay.
 */
final class VisitorState {

  static final int REPLAY_FRAMES = 100;

  private record Buffered(long seq, ServerFrame frame) {}

  private final String visitorId;
  private final ArrayDeque<Buffered> replay = new ArrayDeque<>();
  private final Set<Outlet> outlets = new LinkedHashSet<>();
  private long seq;
  private long evictedUpTo;
  private String conversationId;
  private Instant idleSince;

  /** Where a frame to one connection goes. */
  interface Outlet {
    void deliver(String encodedFrame);
  }

  VisitorState(String visitorId, Instant createdAt) {
    this.visitorId = requireNonNull(visitorId, "visitorId");
    this.seq = createdAt.toEpochMilli() * 1000;
    this.evictedUpTo = seq;
    this.idleSince = createdAt;
  }

  String visitorId() {
    return visitorId;
  }

  synchronized String conversationId() {
    return conversationId;
  }

  synchronized void conversationId(String id) {
    conversationId = id;
  }

  /** The current end of the counter: frames broadcast later are replayed by {@link #attach}. */
  synchronized long mark() {
    return seq;
  }

  /** Whether {@code resumeAfter} is a seq this state issued and every broadcast after it is still kept. */
  synchronized boolean resumableFrom(long resumeAfter) {
    return resumeAfter >= evictedUpTo && resumeAfter <= seq;
  }

  /** Sends a frame to one connection only (welcome, ack, error, history); not kept for replay. */
  synchronized void sendTo(Outlet outlet, ServerFrame frame) {
    outlet.deliver(frame.encode(++seq));
  }

  /**
   * Opens a connection: sends {@code first} (welcome), then either the frames broadcast after
   * {@code resumeAfter} when it is resumable, or {@code history} followed by what was broadcast after
   * {@code historyMark}; then the connection receives broadcasts live. One lock, so no broadcast slips
   * between. Returns whether it resumed.
   */
  synchronized boolean attach(Outlet outlet, ServerFrame first, Long resumeAfter, List<? extends ServerFrame> history,
      long historyMark) {
    outlet.deliver(first.encode(++seq));
    boolean resumed = resumeAfter != null && resumableFrom(resumeAfter);
    long replayAfter;
    if (resumed) {
      replayAfter = resumeAfter;
    } else {
      for (ServerFrame f : history) {
        outlet.deliver(f.encode(++seq));
      }
      replayAfter = historyMark;
    }
    for (Buffered b : List.copyOf(replay)) {
      if (b.seq() > replayAfter) {
        outlet.deliver(b.frame().encode(++seq));
      }
    }
    outlets.add(outlet);
    idleSince = null;
    return resumed;
  }

  synchronized void detach(Outlet outlet, Instant now) {
    if (outlets.remove(outlet) && outlets.isEmpty()) {
      idleSince = now;
    }
  }

  /** Sends a frame to every open connection except {@code except} and keeps it for resumes; returns how many got it. */
  synchronized int broadcast(ServerFrame frame, Outlet except) {
    long s = ++seq;
    replay.addLast(new Buffered(s, frame));
    while (replay.size() > REPLAY_FRAMES) {
      evictedUpTo = replay.removeFirst().seq();
    }
    String encoded = frame.encode(s);
    int n = 0;
    for (Outlet o : outlets) {
      if (o != except) {
        o.deliver(encoded);
        n++;
      }
    }
    return n;
  }

  /** Keeps an idle state from eviction while a connection is opening on it. */
  synchronized void touch(Instant now) {
    if (idleSince != null) {
      idleSince = now;
    }
  }

  /** Sends a frame to every open connection without keeping it (typing: stale once missed). */
  synchronized void pushTransient(ServerFrame frame) {
    if (outlets.isEmpty()) {
      return;
    }
    String encoded = frame.encode(++seq);
    for (Outlet o : outlets) {
      o.deliver(encoded);
    }
  }

  synchronized int connections() {
    return outlets.size();
  }

  /** Since when no connection is open, or null while one is. */
  synchronized Instant idleSince() {
    return idleSince;
  }
}
