package dev.switchboard.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes, written with a unit in the config: {@code 512B}, {@code 64KB}, {@code 25MB}, {@code 1GB}. */
public record DataSize(long bytes) {

  private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)", Pattern.CASE_INSENSITIVE);

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
    }
  }

  public static DataSize ofKilobytes(long kb) {
    return new DataSize(kb * 1024);
  }

  public static DataSize ofMegabytes(long mb) {
    return new DataSize(mb * 1024 * 1024);
  }

  /** Parses {@code 25MB}; throws {@link IllegalArgumentException} for anything else. */
  public static DataSize parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a size like 64KB or 25MB, got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
      case "B" -> 1;
      case "KB" -> 1024;
      case "MB" -> 1024 * 1024;
      default -> 1024L * 1024 * 1024;
    };
    return new DataSize(Math.multiplyExact(n, unit));
  }

  public int toIntBytes() {
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
