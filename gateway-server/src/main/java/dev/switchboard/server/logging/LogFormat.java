package dev.switchboard.server.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import dev.switchboard.config.LoggingConfig;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Puts {@code logging.format} in force: with {@code json} every appender of the root logger that writes a
 * stream (the console of logback.xml, behind its async appender, or one an operator configured) encodes with
 * {@link JsonLineEncoder};
 * with {@code text} those appenders get back the encoders they had. Applied once the config is read, so the
 * few lines before it are text. Does nothing when SLF4J is bound to another backend.
 */
public final class LogFormat {

  /** The encoders that JSON replaced, per appender, to put back for {@code text}. */
  private static final Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> REPLACED =
      new IdentityHashMap<>();

  private LogFormat() {
  }

  /** Makes every stream appender of the root logger write {@code logging}'s format from now on. */
  public static void apply(LoggingConfig logging) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context, logging);
    }
  }

  /** {@link #apply(LoggingConfig)} for one logging context. */
  static synchronized void apply(LoggerContext context, LoggingConfig logging) {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    apply(context, logging, root.iteratorForAppenders());
    if (logging.format() == LoggingConfig.Format.TEXT) {
      REPLACED.clear(); // appenders since removed from the root need nothing put back
    }
  }

  /** Each stream appender among {@code appenders}, and those an async appender among them writes through. */
  private static void apply(LoggerContext context, LoggingConfig logging, Iterator<Appender<ILoggingEvent>> appenders) {
    while (appenders.hasNext()) {
      Appender<ILoggingEvent> next = appenders.next();
      if (next instanceof OutputStreamAppender<ILoggingEvent> appender) {
        switch (logging.format()) {
          case JSON -> toJson(context, appender);
          case TEXT -> toText(appender);
        }
      } else if (next instanceof AppenderAttachable<?> wrapper) {
        @SuppressWarnings("unchecked") // logback-classic's appenders all carry ILoggingEvent
        Iterator<Appender<ILoggingEvent>> inner = ((AppenderAttachable<ILoggingEvent>) wrapper).iteratorForAppenders();
        apply(context, logging, inner);
      }
    }
  }

  private static void toJson(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender) {
    if (appender.getEncoder() instanceof JsonLineEncoder) {
      return;
    }
    JsonLineEncoder json = new JsonLineEncoder();
    json.setContext(context);
    json.start();
    REPLACED.put(appender, appender.getEncoder());
    appender.setEncoder(json);
  }

  private static void toText(OutputStreamAppender<ILoggingEvent> appender) {
    Encoder<ILoggingEvent> original = REPLACED.remove(appender);
    if (original != null) {
      appender.setEncoder(original);
    }
  }
}
