package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class WeeklyScheduleTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** Monday 23 November 2026 at the given time, in Berlin. */
  private static ZonedDateTime monday(int hour, int minute) {
    return ZonedDateTime.of(2026, 11, 23, hour, minute, 0, 0, BERLIN);
  }

  @Test
  void isOpenInsideASpanAndClosedAtItsEnd() {
    WeeklySchedule s = WeeklySchedule.parse("mon-fri 08:00-18:00");
    assertThat(s.isOpen(monday(8, 0))).isTrue();
    assertThat(s.isOpen(monday(17, 59))).isTrue();
    assertThat(s.isOpen(monday(18, 0))).isFalse();
    assertThat(s.isOpen(monday(7, 59))).isFalse();
    assertThat(s.isOpen(monday(12, 0).plusDays(5))).isFalse();
  }

  @Test
  void nextOpeningIsTheEarliestSpanWhenADayHasSeveralWrittenOutOfOrder() {
    WeeklySchedule s = WeeklySchedule.parse("mon 14:00-18:00, mon 08:00-12:00");
    assertThat(s.nextOpening(monday(6, 0))).contains(monday(8, 0));
    assertThat(s.nextOpening(monday(12, 30))).contains(monday(14, 0));
  }

  @Test
  void nextOpeningOfSeveralSpansOnOneEntryPicksTheEarliest() {
    WeeklySchedule s = WeeklySchedule.parse("mon-fri 13:00-17:00 08:00-12:00");
    assertThat(s.nextOpening(monday(7, 0))).contains(monday(8, 0));
  }

  @Test
  void nextOpeningIsNowWhenOpenAndWrapsToNextWeek() {
    WeeklySchedule s = WeeklySchedule.parse("mon 08:00-12:00");
    assertThat(s.nextOpening(monday(9, 0))).contains(monday(9, 0));
    assertThat(s.nextOpening(monday(12, 0))).contains(monday(8, 0).plusWeeks(1));
  }

  @Test
  void nextOpeningSkipsClosedDays() {
    WeeklySchedule s = WeeklySchedule.parse("mon-fri 08:00-18:00, sat 10:00-14:00");
    ZonedDateTime saturdayEvening = monday(19, 0).plusDays(5);
    assertThat(s.nextOpening(saturdayEvening)).contains(monday(8, 0).plusWeeks(1));
    assertThat(s.nextOpening(monday(19, 0).plusDays(4))).contains(monday(10, 0).plusDays(5));
  }

  @Test
  void spanOnTheLastDayOfTheWeekIsFoundFromItsFirstDay() {
    WeeklySchedule s = WeeklySchedule.parse("sun 00:00-00:01");
    assertThat(s.nextOpening(monday(0, 0))).contains(monday(0, 0).plusDays(6));
  }

  @Test
  void closingAt24IsTheEndOfTheDay() {
    WeeklySchedule s = WeeklySchedule.parse("mon 20:00-24:00");
    assertThat(s.isOpen(monday(23, 59))).isTrue();
    assertThat(s.isOpen(monday(0, 0).plusDays(1))).isFalse();
  }

  @Test
  void singleDigitHoursAndUpperCaseDaysAreAccepted() {
    assertThat(WeeklySchedule.parse("MON-FRI 8:00-18:00").isOpen(monday(8, 30))).isTrue();
  }

  @Test
  void schedulesOpenAtTheSameTimesAreEqual() {
    assertThat(WeeklySchedule.parse("mon-tue 08:00-12:00"))
        .isEqualTo(WeeklySchedule.parse("tue 08:00-12:00, mon 08:00-12:00"))
        .hasSameHashCodeAs(WeeklySchedule.parse("tue 08:00-12:00, mon 08:00-12:00"))
        .isNotEqualTo(WeeklySchedule.parse("mon-tue 08:00-13:00"));
  }

  @Test
  void malformedSchedulesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> WeeklySchedule.parse("weekdays 9-5"))
        .hasMessage("expected opening hours like \"mon-fri 08:00-18:00\", got \"weekdays 9-5\"");
    assertThatThrownBy(() -> WeeklySchedule.parse("fri-mon 08:00-18:00"))
        .hasMessage("day range runs backwards: \"fri-mon 08:00-18:00\"");
    assertThatThrownBy(() -> WeeklySchedule.parse("mon 22:00-02:00"))
        .hasMessageStartingWith("opening span ends before it starts: \"22:00-02:00\"");
    assertThatThrownBy(() -> WeeklySchedule.parse("mon 08:00-25:00"))
        .hasMessage("not a time of day: \"25:00\"");
  }
}
