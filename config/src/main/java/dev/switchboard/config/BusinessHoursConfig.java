package dev.switchboard.config;

import java.time.ZoneId;

/** Opening hours: a zone and a weekly schedule such as {@code "mon-fri 08:00-18:00, sat 10:00-14:00"}. */
public record BusinessHoursConfig(@Required ZoneId zone, @Required WeeklySchedule open) {}
