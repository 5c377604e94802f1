package dev.switchboard.config;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Opening hours: a zone, a weekly schedule such as {@code "mon-fri 08:00-18:00, sat 10:00-14:00"}, and
 * {@code holidays}: dates (in that zone) closed all day.
 */
public record BusinessHoursConfig(@Required ZoneId zone, @Required WeeklySchedule open, List<LocalDate> holidays) {

  public BusinessHoursConfig {
    holidays = holidays == null ? List.of() : List.copyOf(holidays);
  }

  /** Hours with no holidays. */
  public BusinessHoursConfig(ZoneId zone, WeeklySchedule open) {
    this(zone, open, null);
  }
}
