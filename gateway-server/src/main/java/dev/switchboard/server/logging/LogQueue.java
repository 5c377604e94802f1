package dev.switchboard.server.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * The queue of log lines waiting for the async appender of logback.xml: written out before the JVM exits,
 * so the last lines (a failed start, the shutdown) are not lost with it. Does nothing when SLF4J is bound to
 * another backend.
 */
public final class LogQueue {

  private LogQueue() {
  }

  /**
   * Writes out the lines still queued (waiting up to the async appender's one-second flush time) and stops
   * logging: the last thing the process does. Lines logged after it are dropped.
   */
  public static void drain() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      drain(context);
    }
  }

  /** {@link #drain()} for one logging context: stopping it stops its async appender, which writes out its queue. */
  static void drain(LoggerContext context) {
    context.stop();
  }
}
