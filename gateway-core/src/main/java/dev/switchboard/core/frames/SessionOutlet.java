package dev.switchboard.core.frames;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.WebSocketSession;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link FrameLog.Outlet} of one websocket: frames reach the socket in the order they were delivered,
 * whichever thread delivered them, and the socket is flushed once per batch rather than once per frame.
 *
 * <p>Each frame is queued as it is delivered (under the log's lock, so in {@code seq} order), and only the
 * connection's own thread takes frames off, in queue order. Delivered on that thread (an ack, an error),
 * the frame and any queued before it are written at once and one flush follows at the end of the loop's
 * current batch of tasks, so a close right after still goes out behind them. Delivered on another thread
 * (a store completion, the router), one task on the connection's thread writes whatever has queued up by
 * then and flushes once: a store batch of fifty messages for one desk is one task and one flush, not fifty.
 */
public final class SessionOutlet implements FrameLog.Outlet {

  private final WebSocketSession session;
  private final Queue<String> outbound = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  /** Only read and written on the connection's thread. */
  private boolean flushScheduled;

  public SessionOutlet(WebSocketSession session) {
    this.session = requireNonNull(session, "session");
  }

  @Override
  public void deliver(String encodedFrame) {
    outbound.add(encodedFrame);
    if (session.inExecutor()) {
      writeQueued();
      if (!flushScheduled) {
        flushScheduled = true;
        session.bareExecutor().execute(this::flush);
      }
    } else if (drainScheduled.compareAndSet(false, true)) {
      session.bareExecutor().execute(this::drain);
    }
  }

  private void drain() {
    drainScheduled.set(false); // before writing: a frame queued from now on schedules its own task
    if (writeQueued()) {
      session.flush();
    }
  }

  private void flush() {
    flushScheduled = false;
    session.flush();
  }

  private boolean writeQueued() {
    boolean wrote = false;
    for (String frame; (frame = outbound.poll()) != null; ) {
      session.write(frame);
      wrote = true;
    }
    return wrote;
  }
}
