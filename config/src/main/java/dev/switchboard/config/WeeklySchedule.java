package dev.switchboard.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weekly opening hours such as {@code "mon-fri 08:00-18:00, sat 10:00-14:00"}: comma-separated
 * entries, each a day or day range and one or more {@code HH:mm-HH:mm} spans.
 */
public final class WeeklySchedule {

  private static final Pattern ENTRY = Pattern.compile(
      "(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?((?:\\s+\\d{1,2}:\\d{2}-\\d{1,2}:\\d{2})+)");
  private static final Pattern SPAN = Pattern.compile("(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})");
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  private record Span(LocalTime from, LocalTime to) {}

  private final String text;
  private final Map<DayOfWeek, List<Span>> spans;

  private WeeklySchedule(String text, Map<DayOfWeek, List<Span>> spans) {
    this.text = text;
    this.spans = spans;
  }

  /** Parses the schedule; throws {@link IllegalArgumentException} with the reason when malformed. */
  public static WeeklySchedule parse(String text) {
    Map<DayOfWeek, List<Span>> spans = new EnumMap<>(DayOfWeek.class);
    for (String entry : text.toLowerCase(Locale.ROOT).split(",")) {
      Matcher m = ENTRY.matcher(entry.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "expected opening hours like \"mon-fri 08:00-18:00\", got \"" + entry.trim() + "\"");
      }
      int first = DAYS.indexOf(m.group(1));
      int last = m.group(2) == null ? first : DAYS.indexOf(m.group(2));
      if (last < first) {
        throw new IllegalArgumentException("day range runs backwards: \"" + entry.trim() + "\"");
      }
      List<Span> daySpans = new ArrayList<>();
      Matcher s = SPAN.matcher(m.group(3));
      while (s.find()) {
        LocalTime from = parseTime(s.group(1));
        LocalTime to = parseTime(s.group(2));
        if (!to.isAfter(from)) {
          throw new IllegalArgumentException("opening span ends before it starts: \"" + s.group()
              + "\" (a span cannot cross midnight: end it at 24:00 and open again at 00:00 the next day)");
        }
        daySpans.add(new Span(from, to));
      }
      for (int d = first; d <= last; d++) {
        spans.computeIfAbsent(DayOfWeek.of(d + 1), k -> new ArrayList<>()).addAll(daySpans);
      }
    }
    // Sorted, so the first span at or after a time of day is the earliest one.
    spans.replaceAll((day, list) -> list.stream().sorted(Comparator.comparing(Span::from)).toList());
    return new WeeklySchedule(text, spans);
  }

  private static LocalTime parseTime(String hhmm) {
    int colon = hhmm.indexOf(':');
    int h = Integer.parseInt(hhmm.substring(0, colon));
    int m = Integer.parseInt(hhmm.substring(colon + 1));
    if (h == 24 && m == 0) {
      return LocalTime.MAX;
    }
    if (h > 23 || m > 59) {
      throw new IllegalArgumentException("not a time of day: \"" + hhmm + "\"");
    }
    return LocalTime.of(h, m);
  }

  /** Whether the schedule is open at that moment (in the moment's own zone). */
  public boolean isOpen(ZonedDateTime at) {
    LocalTime t = at.toLocalTime();
    for (Span s : spans.getOrDefault(at.getDayOfWeek(), List.of())) {
      if (!t.isBefore(s.from()) && t.isBefore(s.to())) {
        return true;
      }
    }
    return false;
  }

  /**
   * When the opening span in force at {@code at} ends (a span to 24:00 ends at the next midnight), or
   * empty when the schedule is closed at that moment.
   */
  public Optional<ZonedDateTime> closing(ZonedDateTime at) {
    LocalTime t = at.toLocalTime();
    ZonedDateTime end = null;
    for (Span s : spans.getOrDefault(at.getDayOfWeek(), List.of())) {
      if (!t.isBefore(s.from()) && t.isBefore(s.to())) {
        ZonedDateTime to = s.to().equals(LocalTime.MAX)
            ? at.toLocalDate().plusDays(1).atStartOfDay(at.getZone()) : at.with(s.to());
        end = end == null || to.isAfter(end) ? to : end;
      }
    }
    return Optional.ofNullable(end);
  }

  /** The next moment at or after {@code at} when the schedule opens, or empty for a schedule never open. */
  public Optional<ZonedDateTime> nextOpening(ZonedDateTime at) {
    if (isOpen(at)) {
      return Optional.of(at);
    }
    for (int day = 0; day <= 7; day++) {
      ZonedDateTime date = at.plusDays(day);
      for (Span s : spans.getOrDefault(date.getDayOfWeek(), List.of())) {
        ZonedDateTime open = date.with(s.from());
        if (!open.isBefore(at)) {
          return Optional.of(open);
        }
      }
    }
    return Optional.empty();
  }

  /** Two schedules are equal when they are open at the same times, however they were written. */
  @Override
  public boolean equals(Object o) {
    return o instanceof WeeklySchedule other && spans.equals(other.spans);
  }

  @Override
  public int hashCode() {
    return spans.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
