package dev.switchboard.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a configuration file, located by line, column and key path; {@link #toString()}
 * reads like {@code gateway.yaml:14:22: routing.tiers[1].firstResponse: expected a duration like 5m, got "fast"}.
 *
 * <p>{@code line} and {@code column} are 1-based, or 0 when the problem has no place in the file (an
 * unreadable file). {@code path} is empty for a problem with the file as a whole (malformed YAML).
 */
public record ConfigProblem(String source, int line, int column, String path, String message) {

  public ConfigProblem {
    requireNonNull(source, "source");
    requireNonNull(path, "path");
    requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line:column: " + line + ":" + column + " (expected: >= 0)");
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(source);
    if (line > 0) {
      b.append(':').append(line).append(':').append(column);
    }
    b.append(": ");
    if (!path.isEmpty()) {
      b.append(path).append(": ");
    }
    return b.append(message).toString();
  }
}
