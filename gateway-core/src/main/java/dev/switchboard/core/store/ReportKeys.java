package dev.switchboard.core.store;

import dev.switchboard.core.http.IsoInstant;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.report.SlaGrouping;
import dev.switchboard.core.report.VolumeGrouping;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.UnaryOperator;

/**
 * A report's group: the SQL expression over a conversation row that names it, and how that value reads in
 * the report. Days and hours are UTC, by integer division of the epoch milliseconds (the same on both
 * databases, and no date functions, which differ between them).
 */
record ReportKeys(String sql, UnaryOperator<String> label) {

  private static final long DAY_MS = 86_400_000L;
  private static final long HOUR_MS = 3_600_000L;

  static final ReportKeys TIER = new ReportKeys("COALESCE(tier, 'unclassified')", UnaryOperator.identity());
  static final ReportKeys CHANNEL = new ReportKeys("channel", v -> Channel.valueOf(v).key());
  static final ReportKeys AGENT = new ReportKeys("COALESCE(assignee, last_agent, 'unassigned')",
      UnaryOperator.identity());
  static final ReportKeys DAY = new ReportKeys("created_at / " + DAY_MS,
      v -> LocalDate.ofEpochDay(Long.parseLong(v)).toString());
  static final ReportKeys HOUR = new ReportKeys("created_at / " + HOUR_MS,
      v -> IsoInstant.format(Instant.ofEpochMilli(Long.parseLong(v) * HOUR_MS)));

  static ReportKeys of(SlaGrouping g) {
    return switch (g) {
      case TIER -> TIER;
      case CHANNEL -> CHANNEL;
      case AGENT -> AGENT;
      case DAY -> DAY;
    };
  }

  /** The groups of the CSAT report, over a {@code csat_surveys} row (the day is the day it was answered). */
  static ReportKeys csat(SlaGrouping g) {
    return switch (g) {
      case TIER -> TIER;
      case CHANNEL -> CHANNEL;
      case AGENT -> new ReportKeys("COALESCE(agent, 'unassigned')", UnaryOperator.identity());
      case DAY -> new ReportKeys("answered_at / " + DAY_MS, DAY.label());
    };
  }

  static ReportKeys of(VolumeGrouping g) {
    return switch (g) {
      case TIER -> TIER;
      case CHANNEL -> CHANNEL;
      case DAY -> DAY;
      case HOUR -> HOUR;
    };
  }
}
