package dev.switchboard.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns one scalar's text into a typed value. Every failure is an {@link IllegalArgumentException}
 * whose message is the whole sentence: what was expected and what was written ({@code shown}, which
 * is the text before {@code ${ENV}} substitution, so secrets never appear).
 */
final class Scalars {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private static final Map<Class<?>, String> EXPECTED = Map.ofEntries(
      Map.entry(String.class, "text"),
      Map.entry(Integer.class, "a whole number"),
      Map.entry(int.class, "a whole number"),
      Map.entry(Long.class, "a whole number"),
      Map.entry(long.class, "a whole number"),
      Map.entry(Boolean.class, "true or false"),
      Map.entry(boolean.class, "true or false"),
      Map.entry(Double.class, "a number"),
      Map.entry(double.class, "a number"),
      Map.entry(Duration.class, "a duration like 5m"),
      Map.entry(DataSize.class, "a size like 64KB or 25MB"),
      Map.entry(Percent.class, "a percentage like 80%"),
      Map.entry(URI.class, "an absolute URL like https://support.example.com"),
      Map.entry(Path.class, "a file path"),
      Map.entry(ZoneId.class, "a time zone like Europe/Berlin"),
      Map.entry(LocalDate.class, "a date like 2026-12-25"),
      Map.entry(WeeklySchedule.class, "opening hours like \"mon-fri 08:00-18:00\""),
      Map.entry(Secret.class, "a secret"));

  private Scalars() {}

  static boolean supports(Class<?> type) {
    return type.isEnum() || EXPECTED.containsKey(type);
  }

  /** What a value of this type looks like, for "expected ..., got ...". */
  static String expected(Class<?> type) {
    if (type.isEnum()) {
      return "one of " + String.join(", ", kebabNames(type));
    }
    return EXPECTED.get(type);
  }

  static Object convert(Class<?> type, String text, String shown, Path baseDir) {
    try {
      Object value = parse(type, text.trim(), text, baseDir);
      if (value != null) {
        return value;
      }
    } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
      if (type == WeeklySchedule.class && text.equals(shown) && e.getMessage() != null) {
        throw new IllegalArgumentException(e.getMessage(), e);   // the schedule's own, more precise reason
      }
    }
    String expected = type == Percent.class && text.trim().matches("\\d+(\\.\\d+)?%")
        ? "a percentage from 0% to 100%" : expected(type);
    throw new IllegalArgumentException("expected " + expected + ", got \"" + shown + "\"");
  }

  /** The value, or {@code null} when the text does not fit the type. */
  private static Object parse(Class<?> type, String t, String raw, Path baseDir) {
    if (type.isEnum()) {
      return enumConstant(type, t);
    }
    if (type == String.class) {
      return raw;
    }
    if (type == Secret.class) {
      return new Secret(raw);
    }
    if (type == Integer.class || type == int.class) {
      return Integer.valueOf(t);
    }
    if (type == Long.class || type == long.class) {
      return Long.valueOf(t);
    }
    if (type == Double.class || type == double.class) {
      double d = Double.parseDouble(t);
      return Double.isFinite(d) ? d : null;
    }
    if (type == Boolean.class || type == boolean.class) {
      return t.equalsIgnoreCase("true") ? Boolean.TRUE : t.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }
    if (type == Duration.class) {
      return duration(t);
    }
    if (type == DataSize.class) {
      return DataSize.parse(t);
    }
    if (type == Percent.class) {
      return percent(t);
    }
    if (type == URI.class) {
      return uri(t);
    }
    if (type == Path.class) {
      return t.isEmpty() ? null : baseDir.resolve(Path.of(t)).normalize();
    }
    if (type == ZoneId.class) {
      return ZoneId.of(t);
    }
    if (type == LocalDate.class) {
      return LocalDate.parse(t);
    }
    if (type == WeeklySchedule.class) {
      return WeeklySchedule.parse(t);
    }
    throw new IllegalStateException("no conversion for " + type);
  }

  static Duration duration(String t) {
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static Percent percent(String t) {
    if (!t.matches("\\d+(\\.\\d+)?%")) {
      return null;
    }
    double v = Double.parseDouble(t.substring(0, t.length() - 1));
    if (v > 100) {
      throw new IllegalArgumentException("over 100%");
    }
    return new Percent(v / 100);
  }

  private static URI uri(String t) {
    try {
      URI uri = new URI(t);
      return uri.isAbsolute() && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static Object enumConstant(Class<?> type, String t) {
    String constant = t.toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(type.getEnumConstants())
        .filter(c -> ((Enum<?>) c).name().equals(constant))
        .findFirst()
        .orElse(null);
  }

  static java.util.List<String> kebabNames(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.toList());
  }

  static boolean isPositive(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue() > 0;
    }
    if (value instanceof Duration d) {
      return !d.isNegative() && !d.isZero();
    }
    if (value instanceof DataSize s) {
      return s.bytes() > 0;
    }
    return true;
  }
}
