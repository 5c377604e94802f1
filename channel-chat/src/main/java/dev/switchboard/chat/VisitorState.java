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
  private String conversationId;
  private Instant idleSince;

  VisitorState(String visitorId, Clock clock) {
    this.visitorId = requireNonNull(visitorId, "visitorId");
    this.frames = new FrameLog<>(ServerFrame::encode, FrameLog.Retention.lastFrames(REPLAY_FRAMES), clock);
    this.idleSince = clock.instant();
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

  /**
   * Opens a connection: sends {@code first} (welcome), then either the frames broadcast after
   * {@code resumeAfter} when it is resumable, or {@code history} followed by what was broadcast after
   * {@code historyMark}; then the connection receives broadcasts live.
   */
  synchronized Opened attach(FrameLog.Outlet outlet, ServerFrame first, Long resumeAfter,
      List<? extends ServerFrame> history, long historyMark) {
    Opened opened;
    if (resumeAfter != null && frames.resume(outlet, List.of(first), resumeAfter)) {
      opened = Opened.RESUMED;
    } else {
      List<ServerFrame> all = new ArrayList<>(history.size() + 1);
      all.add(first);
      all.addAll(history);
      opened = frames.attach(outlet, all, historyMark) ? Opened.HISTORY : Opened.HISTORY_TOO_OLD;
    }
    if (opened != Opened.HISTORY_TOO_OLD) {
      idleSince = null;
    }
    return opened;
  }

  synchronized void detach(FrameLog.Outlet outlet, Instant now) {
    if (frames.detach(outlet) && idleSince == null) {
      idleSince = now;
    }
  }

  /** Sends a frame to every open connection except {@code except} and keeps it for resumes; returns how many got it. */
  int broadcast(ServerFrame frame, FrameLog.Outlet except) {
    return frames.broadcast(frame, except);
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

  int connections() {
    return frames.connections();
  }

  /** Since when no connection is open, or null while one is. */
  synchronized Instant idleSince() {
    return idleSince;
  }
}
