package dev.switchboard.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress for the person running the bench, on stderr so that stdout holds only results. */
public final class Log {

  private Log() {}

  public static void info(String format, Object... args) {
    System.err.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + String.format(format, args));
  }
}
