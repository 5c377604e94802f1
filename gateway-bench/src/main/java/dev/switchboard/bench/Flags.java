package dev.switchboard.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Command-line flags {@code --name=value} (or {@code --name value}); every lookup names its default. */
public final class Flags {

  private final Map<String, String> values;
  private final Set<String> used = new TreeSet<>();

  private Flags(Map<String, String> values) {
    this.values = values;
  }

  public static Flags parse(List<String> args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("unexpected argument: " + arg + " (expected: --name=value)");
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        values.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        values.put(arg.substring(2), args.get(++i));
      } else {
        values.put(arg.substring(2), "true");
      }
    }
    return new Flags(values);
  }

  public String string(String name, String fallback) {
    used.add(name);
    return values.getOrDefault(name, fallback);
  }

  public int integer(String name, int fallback) {
    used.add(name);
    String v = values.get(name);
    try {
      return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + ": " + v + " (expected: a whole number)");
    }
  }

  /** A duration in seconds ({@code 30}, {@code 30s}) or milliseconds ({@code 500ms}). */
  public Duration duration(String name, Duration fallback) {
    used.add(name);
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      return Duration.ofSeconds(Long.parseLong(v.endsWith("s") ? v.substring(0, v.length() - 1) : v));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + ": " + v + " (expected: seconds like 30s, or 500ms)");
    }
  }

  public boolean bool(String name) {
    used.add(name);
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }

  /** Flags given but never asked for: most likely typos. */
  public Set<String> unused() {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(used);
    return unknown;
  }
}
