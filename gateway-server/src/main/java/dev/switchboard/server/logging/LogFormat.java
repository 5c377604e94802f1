package dev.switchboard.server.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.switchboard.config.LoggingConfig;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Puts {@code logging.format} in force: with {@code json} every appender of the root logger that writes a
 * stream (the console of logback.xml, or one an operator configured) encodes with {@link JsonLineEncoder};
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
  public static synchronized void apply(LoggingConfig logging) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
        switch (logging.format()) {
          case JSON -> toJson(context, appender);
          case TEXT -> toText(appender);
        }
      }
    }
    if (logging.format() == LoggingConfig.Format.TEXT) {
      REPLACED.clear(); // appenders since removed from the root need nothing put back
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
