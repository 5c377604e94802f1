package dev.switchboard.core.routing;

import dev.switchboard.config.BusinessHoursConfig;
import dev.switchboard.config.WeeklySchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the support team is open at a moment, and the clock an SLA counts on when it follows opening
 * hours: time passes only while open, and a holiday is closed all day in the schedule's zone. With no
 * hours configured it is always open and its clock is the wall clock.
 */
final class BusinessHours {

  /** Open round the clock. */
  static final BusinessHours ALWAYS = new BusinessHours(null);

  /** Bounds the walk over opening spans, which only a schedule never open could exhaust. */
  private static final int MAX_SPANS = 100_000;

  private final ZoneId zone;
  private final WeeklySchedule open;
  private final Set<LocalDate> holidays;

  BusinessHours(BusinessHoursConfig config) {
    boolean set = config != null && config.open() != null && config.zone() != null;
    this.zone = set ? config.zone() : null;
    this.open = set ? config.open() : null;
    this.holidays = set ? Set.copyOf(config.holidays()) : Set.of();
  }

  boolean isOpen(Instant at) {
    if (open == null) {
      return true;
    }
    ZonedDateTime z = at.atZone(zone);
    return !holidays.contains(z.toLocalDate()) && open.isOpen(z);
  }

  /** The moment {@code d} of open time after {@code from} (at the next opening when {@code d} is zero). */
  Instant plusOpen(Instant from, Duration d) {
    if (open == null) {
      return from.plus(d);
    }
    ZonedDateTime t = from.atZone(zone);
    Duration left = d;
    for (int i = 0; i < MAX_SPANS; i++) {
      t = nextOpen(t);
      ZonedDateTime close = closing(t);
      Duration span = Duration.between(t, close);
      if (left.compareTo(span) <= 0) {
        return t.plus(left).toInstant();
      }
      left = left.minus(span);
      t = close;
    }
    throw new IllegalStateException("schedule \"" + open + "\" is never open");
  }

  /** The open time between {@code from} and {@code to}; zero when {@code to} is not after {@code from}. */
  Duration openBetween(Instant from, Instant to) {
    if (open == null) {
      return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
    }
    ZonedDateTime end = to.atZone(zone);
    ZonedDateTime t = from.atZone(zone);
    Duration sum = Duration.ZERO;
    for (int i = 0; i < MAX_SPANS && t.isBefore(end); i++) {
      t = nextOpen(t);
      if (!t.isBefore(end)) {
        break;
      }
      ZonedDateTime close = closing(t);
      ZonedDateTime stop = close.isBefore(end) ? close : end;
      sum = sum.plus(Duration.between(t, stop));
      t = stop;
    }
    return sum;
  }

  /** The first open moment at or after {@code t}, skipping holidays. */
  private ZonedDateTime nextOpen(ZonedDateTime t) {
    for (int i = 0; i < MAX_SPANS; i++) {
      if (holidays.contains(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay(zone);
        continue;
      }
      Optional<ZonedDateTime> next = open.nextOpening(t);
      if (next.isEmpty()) {
        break;
      }
      if (!holidays.contains(next.get().toLocalDate())) {
        return next.get();
      }
      t = next.get().toLocalDate().plusDays(1).atStartOfDay(zone);
    }
    throw new IllegalStateException("schedule \"" + open + "\" is never open");
  }

  /** When the span open at {@code t} ends; a span running to midnight before a holiday ends there. */
  private ZonedDateTime closing(ZonedDateTime t) {
    return open.closing(t).orElseThrow(() -> new IllegalStateException("closed at an opening: " + t));
  }
}
