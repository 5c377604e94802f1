package dev.switchboard.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The support lead's figures, computed by the database from the conversations opened in a range. Each
 * report is one read on the store's reader pool; the stages complete on a reader thread.
 */
public interface Reports {

  /** Service levels per group, in the order of the group key; of one tier's conversations when {@code tier} is given. */
  CompletionStage<List<SlaRow>> sla(ReportRange range, SlaGrouping groupBy, Optional<String> tier);

  default CompletionStage<List<SlaRow>> sla(ReportRange range, SlaGrouping groupBy) {
    return sla(range, groupBy, Optional.empty());
  }

  /** Conversations opened per group, in the order of the group key. */
  CompletionStage<List<VolumeRow>> volume(ReportRange range, VolumeGrouping groupBy);

  /** Satisfaction answers given in the range per group (tier, channel and agent as when asked; day answered). */
  CompletionStage<List<CsatRow>> csat(ReportRange range, SlaGrouping groupBy);

  /** Arrivals per hour of the week, channel and tier, and agents' presence, for {@link StaffingPlan}. */
  CompletionStage<StaffingFacts> staffing(ReportRange range);

  /**
   * Folds the days with conversations changed since the last pass (and settled for a minute) into the stored
   * daily facts the reports read; answers the new watermark. Run by the leader ({@link ReportRollupJob}); the
   * reports are exact whether or not it has run, only slower on the days it has not folded.
   */
  CompletionStage<Instant> rollUp();
}
