package dev.switchboard.core.store;

import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.report.ReportRange;
import dev.switchboard.core.report.Reports;
import dev.switchboard.core.report.SlaGrouping;
import dev.switchboard.core.report.SlaRow;
import dev.switchboard.core.report.VolumeGrouping;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The daily roll-up against each database: a whole day read from the roll-up answers exactly what the same
 * conversations read live answer (a range that starts a millisecond into the day is computed live), before and
 * after conversations change, and as due times pass. Its days (January) come before those of
 * {@link ReportsContract} (February) and its clock stays before theirs, so its watermark, which the tests of a
 * database share, never hides their conversations.
 */
interface ReportRollupContract {

  Stores open(MutableClock clock, MeterRegistry meters);

  @Test
  default void aRolledUpDayAnswersAsItsConversationsDoAsTheyChangeAndComeDue() {
    MutableClock clock = MutableClock.startingAt("2026-01-10T09:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ReportsContract.fourConversations(stores, clock, "2026-01-10");
      clock.set(Instant.parse("2026-01-10T22:00:00Z"));
      ReportsContract.Desk late = ReportsContract.Desk.open(stores.conversations(), "standard",
          Instant.parse("2026-01-11T13:00:00Z"));
      ReportRange whole = new ReportRange(Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("2026-01-11T00:00:00Z"));
      ReportRange live = new ReportRange(whole.from().plusMillis(1), whole.to());

      clock.set(Instant.parse("2026-01-11T12:00:00Z"));
      Instant watermark = await(stores.reports().rollUp());

      assertThat(watermark).isEqualTo(clock.instant().minus(ReportRollup.SETTLE));
      assertThat(plan(stores, whole).live()).as("the whole day comes from the roll-up").isEmpty();
      assertThat(all(stores.reports(), whole)).isEqualTo(all(stores.reports(), live));
      long owedBefore = standard(stores.reports(), whole).firstResponsesOwed();

      clock.set(Instant.parse("2026-01-11T14:00:00Z")); // the late one's due time passed, unanswered
      assertThat(standard(stores.reports(), whole).firstResponsesOwed()).isEqualTo(owedBefore + 1);
      assertThat(all(stores.reports(), whole)).isEqualTo(all(stores.reports(), live));

      late.assign("carol");
      late.reply("carol");
      late.resolve("carol");
      assertThat(plan(stores, whole).live()).as("a day changed since the watermark is read live").hasSize(1);
      assertThat(standard(stores.reports(), whole).firstResponseMedian()).isNotNull();
      assertThat(all(stores.reports(), whole)).isEqualTo(all(stores.reports(), live));

      clock.set(Instant.parse("2026-01-11T15:00:00Z"));
      await(stores.reports().rollUp());
      assertThat(plan(stores, whole).live()).isEmpty();
      assertThat(all(stores.reports(), whole)).isEqualTo(all(stores.reports(), live));
    }
  }

  private static ReportRollup.Plan plan(Stores stores, ReportRange range) {
    return await(stores.read(c -> ReportRollup.Plan.of(c, range)));
  }

  private static SlaRow standard(Reports reports, ReportRange range) {
    return await(reports.sla(range, SlaGrouping.TIER)).stream().filter(r -> r.group().equals("standard"))
        .findFirst().orElseThrow();
  }

  /** Every report and grouping over {@code range}. */
  private static List<Object> all(Reports reports, ReportRange range) {
    List<Object> out = new ArrayList<>();
    for (SlaGrouping g : SlaGrouping.values()) {
      out.add(await(reports.sla(range, g)));
    }
    for (VolumeGrouping g : VolumeGrouping.values()) {
      out.add(await(reports.volume(range, g)));
    }
    out.add(await(reports.staffing(range)).arrivals());
    assertThat(out).allSatisfy(r -> assertThat(r.toString()).isNotEqualTo("[]"));
    return out;
  }
}
