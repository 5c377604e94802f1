package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.BusinessHoursConfig;
import dev.switchboard.config.WeeklySchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The open-hours clock an SLA can count on. */
class BusinessHoursTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static BusinessHours hours(String open, String... holidays) {
    return new BusinessHours(new BusinessHoursConfig(BERLIN, WeeklySchedule.parse(open),
        List.of(holidays).stream().map(LocalDate::parse).toList()));
  }

  private static Instant berlin(String local) {
    return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
  }

  @Test
  void aHolidayIsClosedAllDayInTheSchedulesZone() {
    BusinessHours h = hours("mon-sun 00:00-24:00", "2026-12-25");

    assertThat(h.isOpen(berlin("2026-12-24T23:59:00"))).isTrue();
    assertThat(h.isOpen(berlin("2026-12-25T00:00:00"))).isFalse();
    assertThat(h.isOpen(berlin("2026-12-25T23:59:00"))).isFalse();
    assertThat(h.isOpen(berlin("2026-12-26T00:00:00"))).isTrue();
    // 23:30 UTC on the 24th is already the 25th in Berlin
    assertThat(h.isOpen(Instant.parse("2026-12-24T23:30:00Z"))).isFalse();
  }

  @Test
  void openTimeIsAddedSpanBySpanSkippingNightsWeekendsAndHolidays() {
    BusinessHours h = hours("mon-fri 08:00-12:00 13:00-18:00", "2026-12-25");

    assertThat(h.plusOpen(berlin("2026-12-21T11:00:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-12-21T14:00:00"));
    assertThat(h.plusOpen(berlin("2026-12-21T20:00:00"), Duration.ofMinutes(30))).isEqualTo(berlin("2026-12-22T08:30:00"));
    // Thursday 17:00 + 2h: 1h on Thursday, Friday the 25th is a holiday, the weekend is closed
    assertThat(h.plusOpen(berlin("2026-12-24T17:00:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-12-28T09:00:00"));
    // exactly at closing time, the due time is the closing time, not the next opening
    assertThat(h.plusOpen(berlin("2026-12-21T17:00:00"), Duration.ofHours(1))).isEqualTo(berlin("2026-12-21T18:00:00"));
  }

  @Test
  void openTimeBetweenTwoMomentsCountsOnlyOpenSpans() {
    BusinessHours h = hours("mon-fri 08:00-18:00", "2026-12-25");

    assertThat(h.openBetween(berlin("2026-12-24T17:00:00"), berlin("2026-12-28T09:30:00")))
        .isEqualTo(Duration.ofMinutes(150));
    assertThat(h.openBetween(berlin("2026-12-26T10:00:00"), berlin("2026-12-27T10:00:00"))).isZero();
  }

  @Test
  void summerTimeChangesDoNotStretchOrShrinkOpenHours() {
    BusinessHours h = hours("mon-sun 00:00-24:00");

    // the night of 29 March 2026 has 23 hours in Berlin: 24 open hours end at 01:00 the next day
    assertThat(h.plusOpen(berlin("2026-03-29T00:00:00"), Duration.ofHours(24))).isEqualTo(berlin("2026-03-30T01:00:00"));
  }

  @Test
  void withNoHoursTheClockIsTheWallClock() {
    Instant t = Instant.parse("2026-12-25T10:00:00Z");

    assertThat(BusinessHours.ALWAYS.isOpen(t)).isTrue();
    assertThat(BusinessHours.ALWAYS.plusOpen(t, Duration.ofHours(3))).isEqualTo(t.plus(Duration.ofHours(3)));
    assertThat(BusinessHours.ALWAYS.openBetween(t, t.plusSeconds(60))).isEqualTo(Duration.ofSeconds(60));
  }
}
