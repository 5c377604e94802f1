package dev.switchboard.core.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/** One open websocket connection. Every method may be called from any thread. */
public interface WebSocketSession {

  /** A short id for logs. */
  String id();

  /**
   * Queues a text frame; frames are sent in the order of calls. Dropped when the connection is closed,
   * and when the client has stopped reading: the transport then closes the connection (1008).
   */
  void send(String text);

  /**
   * Queues a text frame like {@link #send} but leaves it in the connection's buffer until the next
   * {@link #flush} (or {@code send}): a batch of frames costs one system call.
   */
  default void write(String text) {
    send(text);
  }

  /** Sends what {@link #write} has queued. */
  default void flush() {
  }

  void close(int code, String reason);

  boolean isOpen();

  InetSocketAddress remoteAddress();

  /** The connection's own thread: hop back to it to keep per-connection state single-threaded. */
  Executor executor();

  /**
   * The connection's thread like {@link #executor()}, without carrying the caller's MDC along: for the
   * hops made per frame whose work needs no log context or sets its own (a carried MDC is copied on
   * each side of every hop).
   */
  default Executor bareExecutor() {
    return executor();
  }

  /** Whether the caller is running on {@link #executor()}'s thread (then a hop to it is not needed). */
  default boolean inExecutor() {
    return false;
  }

  /** Runs {@code task} on the connection's thread after {@code delay}, unless the connection has closed by then. */
  ScheduledFuture<?> schedule(Duration delay, Runnable task);
}
