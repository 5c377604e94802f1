package dev.switchboard.core.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the gateway's logs would print, as text: a logback appender on the root logger with a real pattern
 * layout ({@code LEVEL logger - message}, one event per line), so a test sees the lines an operator would.
 * Use in try-with-resources; {@link #lines()} can be read at any time.
 */
public final class LogCapture implements AutoCloseable {

  /** Every line of a capture starts with one of these, followed by a space. */
  public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
  private final Logger root;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger - %msg%n%ex");
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    appender.setContext(context);
    appender.setName("test-capture");
    appender.setEncoder(encoder);
    appender.setImmediateFlush(true);
    appender.setOutputStream(out);
    appender.start();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
  }

  /** Starts capturing everything logged from now on, at the levels the loggers are set to. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** The captured output split into lines (on {@code \n}, {@code \r} and {@code \r\n}, as a log viewer would). */
  public List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList(); // BAOS reads under the appender's writes' lock
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
