package dev.switchboard.config;

/** How the gateway writes its log: lines for people, or one JSON object per line for a log pipeline. */
public record LoggingConfig(Format format) {

  public LoggingConfig {
    format = format == null ? Format.TEXT : format;
  }

  /** Every setting at its default. */
  public static LoggingConfig defaults() {
    return new LoggingConfig(null);
  }

  /** The shape of a log line. */
  public enum Format {
    /** Time, level, thread, logger and message on one line. */
    TEXT,
    /** One JSON object per line: timestamp, level, logger, thread, message, exception and the MDC's ids. */
    JSON
  }
}
