package dev.switchboard.config;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** {@code switchboard check-config FILE}: validates a config file and prints {@code OK} or every problem. */
public final class ConfigCheck {

  /** Exit code for a valid file. */
  public static final int OK = 0;
  /** Exit code for an invalid or unreadable file. */
  public static final int INVALID = 2;

  private ConfigCheck() {}

  /** Prints {@code OK} to {@code out} and returns 0, or prints one problem a line to {@code err} and returns 2. */
  public static int run(Path file, PrintStream out, PrintStream err) {
    return run(file, System.getenv(), out, err);
  }

  static int run(Path file, Map<String, String> env, PrintStream out, PrintStream err) {
    requireNonNull(file, "file");
    requireNonNull(out, "out");
    requireNonNull(err, "err");
    try {
      ConfigLoader.load(file, env);
      out.println("OK");
      return OK;
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      return INVALID;
    }
  }
}
