package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.frames.FrameLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One visitor's chat session across connections and tabs: the {@link FrameLog} every frame to the
 * visitor is numbered and kept by (the last {@link #REPLAY_FRAMES} broadcasts, for {@code resumeAfter}),
 * the conversation the visitor writes in, and since when no tab is open. Connections live on different
 * event loops, so every method locks; none blocks (an outlet only queues).
 *
 * <p>The log's numbers start at its creation time in microseconds, so a {@code resumeAfter} from before
 * a restart (or from an evicted state) is never resumable and gets the full history instead of a wrong
 * replay.
 */
final class VisitorState {

  static final int REPLAY_FRAMES = 100;

  /** How a connection was opened. */
  enum Opened {
    /** Its {@code resumeAfter} was resumable: it got only what it missed. */
    RESUMED,
    /** It got the history it loaded, then what was broadcast while it loaded. */
    HISTORY,
    /** More was broadcast while the history loaded than is kept: nothing sent; load the history again. */
    HISTORY_TOO_OLD
  }

  private final String visitorId;
  private final FrameLog<ServerFrame> frames;
  private final Watcher watcher;
  private String conversationId;
  private Instant idleSince;
  /** The last place in line the router sent, for a second tab; null when not waiting or nobody watches. */
  private ServerFrame.Queue queuePlace;
  /**
   * The agent replies pushed to this visitor lately on this node, by message id: each is pushed once per node
   * (the outbox's own push on the leader, the delivery event that crosses nodes, a takeover's catch-up).
   */
  private final java.util.Set<String> pushed = recent();
  /**
   * The agent replies a history sent to a connection of this visitor lately: a takeover's catch-up skips them.
   * Not consulted by ordinary pushes, which still reach the other tabs that history never went to.
   */
  private final java.util.Set<String> inHistory = recent();

  private static java.util.Set<String> recent() {
    return java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
        return size() > SHOWN_KEPT;
      }
    });
  }

  static final int SHOWN_KEPT = 256;

  /**
   * Told, under this state's lock (so in the order it happened), when a visitor with a conversation
   * opens their first connection or closes their last: the router then starts or stops telling them
   * their place in line. Must only hand the news on.
   */
  interface Watcher {
    Watcher NONE = (conversationId, watching) -> { };

    void watching(String conversationId, boolean watching);
  }

  VisitorState(String visitorId, Clock clock) {
    this(visitorId, clock, Watcher.NONE);
  }

  VisitorState(String visitorId, Clock clock, Watcher watcher) {
    this.watcher = requireNonNull(watcher, "watcher");
    this.visitorId = requireNonNull(visitorId, "visitorId");
    this.frames = new FrameLog<>(ServerFrame::encode, VisitorState::messageShown,
        FrameLog.Retention.lastFrames(REPLAY_FRAMES), clock);
    this.idleSince = clock.instant();
  }

  String visitorId() {
    return visitorId;
  }

  /**
   * The message a frame shows: a connection whose history showed it does not get it again, live or replayed
   * (a follower reads a reply in the history before the reply's event reaches it).
   */
  private static String messageShown(ServerFrame frame) {
    return frame instanceof ServerFrame.MessageFrame m ? m.message().id() : null;
  }

  synchronized String conversationId() {
    return conversationId;
  }

  synchronized void conversationId(String id) {
    String previous = conversationId;
    conversationId = id;
    if (id != null && !id.equals(previous)) {
      queuePlace = null;
      if (frames.connections() > 0) {
        if (previous != null) {
          watcher.watching(previous, false);
        }
        watcher.watching(id, true);
      }
    }
  }

  /** The current end of the counter: frames broadcast later are replayed by {@link #attach}. */
  long mark() {
    return frames.mark();
  }

  /** Whether {@code resumeAfter} is a seq this state issued and every broadcast after it is still kept. */
  boolean resumableFrom(long resumeAfter) {
    return frames.resumable(resumeAfter);
  }

  /** Sends a frame to one connection only (ack, error): not kept for replay. */
  void sendTo(FrameLog.Outlet outlet, ServerFrame frame) {
    frames.sendTo(outlet, frame);
  }

  /** {@link #attach(FrameLog.Outlet, ServerFrame, Long, List, List, long)} with a history of no agent replies. */
  Opened attach(FrameLog.Outlet outlet, ServerFrame first, Long resumeAfter, List<? extends ServerFrame> history,
      long historyMark) {
    return attach(outlet, first, resumeAfter, history, List.of(), historyMark);
  }

  /**
   * Opens a connection: sends {@code first} (welcome), then either the frames broadcast after
   * {@code resumeAfter} when it is resumable, or {@code history} followed by what was broadcast after
   * {@code historyMark}; then the connection receives broadcasts live. {@code repliesInHistory} are the ids
   * of the agent replies {@code history} shows: a takeover's catch-up does not push them again.
   */
  synchronized Opened attach(FrameLog.Outlet outlet, ServerFrame first, Long resumeAfter,
      List<? extends ServerFrame> history, List<String> repliesInHistory, long historyMark) {
    boolean firstTab = frames.connections() == 0;
    Opened opened;
    if (resumeAfter != null && frames.resume(outlet, List.of(first), resumeAfter)) {
      opened = Opened.RESUMED;
    } else {
      List<ServerFrame> all = new ArrayList<>(history.size() + 1);
      all.add(first);
      all.addAll(history);
      opened = frames.attach(outlet, all, historyMark) ? Opened.HISTORY : Opened.HISTORY_TOO_OLD;
      if (opened == Opened.HISTORY) {
        inHistory.addAll(repliesInHistory);
      }
    }
    if (opened != Opened.HISTORY_TOO_OLD) {
      idleSince = null;
      if (firstTab && conversationId != null) {
        watcher.watching(conversationId, true); // the router sends the current place at once
      } else if (!firstTab && queuePlace != null) {
        frames.sendTo(outlet, queuePlace); // another tab: the place the others were last told
      }
    }
    return opened;
  }

  synchronized void detach(FrameLog.Outlet outlet, Instant now) {
    if (frames.detach(outlet)) {
      if (idleSince == null) {
        idleSince = now;
      }
      queuePlace = null;
      if (conversationId != null) {
        watcher.watching(conversationId, false); // also after a connection that never attached: harmless
      }
    }
  }

  /** Sends a frame to every open connection except {@code except} and keeps it for resumes; returns how many got it. */
  int broadcast(ServerFrame frame, FrameLog.Outlet except) {
    return frames.broadcast(frame, except);
  }

  /**
   * Pushes an agent's reply unless this visitor got it from this node already; returns how many connections
   * got it, or -1 when it was pushed before.
   */
  synchronized int pushReply(String messageId, ServerFrame frame) {
    if (!pushed.add(messageId)) {
      return -1;
    }
    return frames.broadcast(frame, null);
  }

  /**
   * A takeover's catch-up: pushes a reply recorded sent unless this node pushed it already or a history sent
   * it; returns how many connections got it, or -1 when it was shown before.
   */
  synchronized int catchUpReply(String messageId, ServerFrame frame) {
    if (inHistory.contains(messageId)) {
      return -1;
    }
    return pushReply(messageId, frame);
  }

  /** Keeps an idle state from eviction while a connection is opening on it. */
  synchronized void touch(Instant now) {
    if (idleSince != null) {
      idleSince = now;
    }
  }

  /** Sends a frame to every open connection without keeping it (typing: stale once missed). */
  void pushTransient(ServerFrame frame) {
    frames.pushTransient(frame);
  }

  /**
   * The router's news of the visitor's place in line: to every open connection, kept for a second tab.
   * Returns whether any connection got it.
   */
  synchronized boolean queuePlace(ServerFrame.Queue frame) {
    if (frames.connections() == 0 || !frame.conversationId().equals(conversationId)) {
      return false; // nobody watches, or news of a conversation the visitor has left
    }
    queuePlace = frame;
    frames.pushTransient(frame);
    return true;
  }

  /** The conversation left the queue (an agent took it, or it was resolved): no place to show. */
  synchronized void leftQueue() {
    queuePlace = null;
  }

  int connections() {
    return frames.connections();
  }

  /** Since when no connection is open, or null while one is. */
  synchronized Instant idleSince() {
    return idleSince;
  }
}
