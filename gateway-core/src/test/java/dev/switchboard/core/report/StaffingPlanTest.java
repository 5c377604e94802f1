package dev.switchboard.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaffingPlanTest {

  /** Two whole weeks from Monday 2026-11-02 00:00 UTC. */
  static final ReportRange TWO_WEEKS = new ReportRange(Instant.parse("2026-11-02T00:00:00Z"),
      Instant.parse("2026-11-16T00:00:00Z"));
  static final Map<String, Duration> TARGETS = new LinkedHashMap<>(Map.of("vip", Duration.ofMinutes(2)));

  @Test
  void hourOfWeekCountsFromMondayMidnightUtc() {
    assertThat(StaffingPlan.hourOfWeek(Instant.parse("2026-11-02T00:30:00Z").toEpochMilli())).isZero();
    assertThat(StaffingPlan.hourOfWeek(Instant.parse("2026-11-05T10:00:00Z").toEpochMilli())).isEqualTo(3 * 24 + 10);
    assertThat(StaffingPlan.hourOfWeek(Instant.parse("2026-11-08T23:59:59Z").toEpochMilli())).isEqualTo(167);
    assertThat(StaffingPlan.hourOfWeek(0)).as("1970-01-01 was a Thursday").isEqualTo(72);
  }

  @Test
  void arrivalsAreAveragedOverTheTimesTheHourOccursAndNeedsComeFromErlangC() {
    StaffingFacts facts = new StaffingFacts(List.of(
        new StaffingFacts.Arrivals(10, "chat", "vip", 14, 14, 14 * 300_000L),
        new StaffingFacts.Arrivals(10, "email", "vip", 6, 6, 6 * 300_000L)), List.of());

    StaffingHour monday10 = StaffingPlan.plan(facts, TWO_WEEKS, TARGETS, 0.8).get(10);

    assertThat(monday10.arrivalsByChannel()).containsEntry("chat", 7.0).containsEntry("email", 3.0);
    assertThat(monday10.arrivalsByTier()).containsEntry("vip", 10.0);
    assertThat(monday10.meanHandle()).isEqualTo(Duration.ofMinutes(5));
    assertThat(monday10.agentsNeeded()).containsEntry("vip", ErlangC.agentsNeeded(10 / 3600.0, 300, 120, 0.8));
    assertThat(monday10.agentsNeededTotal()).isEqualTo(monday10.agentsNeeded().get("vip"));
  }

  @Test
  void hoursWithoutArrivalsNeedNoAgents() {
    List<StaffingHour> hours = StaffingPlan.plan(new StaffingFacts(List.of(), List.of()), TWO_WEEKS, TARGETS, 0.8);

    assertThat(hours).hasSize(168).allSatisfy(h -> {
      assertThat(h.agentsNeeded()).containsEntry("vip", 0);
      assertThat(h.meanHandle()).isNull();
    });
  }

  @Test
  void presenceIsTheMeanNumberOfAgentsAvailableInEachHour() {
    long mondayNineThirty = Instant.parse("2026-11-02T09:30:00Z").toEpochMilli();
    long mondayEleven = Instant.parse("2026-11-02T11:00:00Z").toEpochMilli();
    StaffingFacts facts = new StaffingFacts(List.of(), List.of(
        new StaffingFacts.Presence("alice", mondayNineThirty, mondayEleven),
        new StaffingFacts.Presence("bob", mondayNineThirty + Duration.ofDays(7).toMillis(),
            mondayEleven + Duration.ofDays(7).toMillis())));

    List<StaffingHour> hours = StaffingPlan.plan(facts, TWO_WEEKS, TARGETS, 0.8);

    assertThat(hours.get(9).agentsPresent()).isCloseTo(0.5, within(1e-9)); // two half hours over two Mondays
    assertThat(hours.get(10).agentsPresent()).isCloseTo(1.0, within(1e-9));
    assertThat(hours.get(11).agentsPresent()).isZero();
    assertThat(hours.get(10).day()).isEqualTo(java.time.DayOfWeek.MONDAY);
  }
}
