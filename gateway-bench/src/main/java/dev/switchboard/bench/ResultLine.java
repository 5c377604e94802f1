package dev.switchboard.bench;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one line every scenario ends with, {@code RESULT scenario=<name> key=value ...}, so that runs can be
 * compared with grep. Keys keep their insertion order; values never contain spaces.
 */
public final class ResultLine {

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

  private final Map<String, String> fields = new LinkedHashMap<>();

  private ResultLine(String scenario) {
    put("scenario", scenario);
  }

  public static ResultLine of(String scenario) {
    return new ResultLine(requireNonNull(scenario, "scenario"));
  }

  /** A scenario that could not run: never a made-up figure, only the reason. */
  public static ResultLine unavailable(String scenario, String reason) {
    return of(scenario).put("status", "unavailable").put("reason", reason);
  }

  public ResultLine put(String key, String value) {
    requireNonNull(value, "value");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("key: " + key + " (expected: " + KEY.pattern() + ")");
    }
    String clean = value.strip().replaceAll("\\s+", "_");
    fields.put(key, clean.isEmpty() ? "-" : clean);
    return this;
  }

  public ResultLine put(String key, long value) {
    return put(key, Long.toString(value));
  }

  /** Decimals with at most two places after the point, in a locale-free format. */
  public ResultLine put(String key, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return put(key, "NaN");
    }
    String text = String.format(Locale.ROOT, "%.2f", value);
    if (text.contains(".")) {
      text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return put(key, text);
  }

  public String get(String key) {
    return fields.get(key);
  }

  @Override
  public String toString() {
    StringBuilder line = new StringBuilder("RESULT");
    fields.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    return line.toString();
  }
}
