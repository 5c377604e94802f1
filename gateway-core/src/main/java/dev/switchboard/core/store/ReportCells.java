package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The reports' facts of the conversations opened in a stretch of time, per UTC day, tier, channel and agent
 * (the SLA report) and per UTC hour, tier and channel (volume and staffing): what the roll-up stores for a
 * settled day, and what a report computes live for the rest, by one code path.
 */
final class ReportCells {

  static final long DAY_MS = 86_400_000L;
  static final long HOUR_MS = 3_600_000L;

  /** A day's group of the SLA report. */
  record DayKey(long day, String tier, String channel, String agent) {}

  /** An hour's group of the volume and staffing reports. */
  record HourKey(long hour, String tier, String channel) {}

  /** The SLA report's facts of one group; {@code firstOwed} as of the time they were read. */
  static final class Sla {
    long conversations;
    long firstOwed;
    long firstMet;
    long nextOwed;
    long nextLate;
    final ReportSample firstResponse = new ReportSample();
    final ReportSample resolution = new ReportSample();

    void addAll(Sla o) {
      conversations += o.conversations;
      firstOwed += o.firstOwed;
      firstMet += o.firstMet;
      nextOwed += o.nextOwed;
      nextLate += o.nextLate;
      firstResponse.addAll(o.firstResponse);
      resolution.addAll(o.resolution);
    }
  }

  /** The volume and staffing reports' facts of one group. */
  static final class Volume {
    long conversations;
    long resolved;
    long handled;
    long handledMs;

    void add(long conversations, long resolved, long handled, long handledMs) {
      this.conversations += conversations;
      this.resolved += resolved;
      this.handled += handled;
      this.handledMs += handledMs;
    }
  }

  final Map<DayKey, Sla> days = new HashMap<>();
  final Map<HourKey, Volume> hours = new HashMap<>();

  private static final String ROWS = "SELECT created_at, " + ReportKeys.TIER.sql() + " AS tier, channel, "
      + ReportKeys.AGENT.sql() + " AS agent, first_response_target, first_responded_at, resolved_at, "
      + "next_responses, next_responses_late, handled_ms FROM conversations WHERE created_at >= ? AND created_at < ?";

  /**
   * Adds the conversations opened in [{@code from}, {@code to}) (of {@code tier} only, when not null). A first
   * response still open and unanswered counts as owed when its due time is at or before {@code asOf}; pass
   * {@link Long#MIN_VALUE} for the facts that no longer change with time (the roll-up's).
   */
  void read(Connection c, long from, long to, long asOf, String tier) throws SQLException {
    String sql = tier == null ? ROWS : ROWS + " AND " + ReportKeys.TIER.sql() + " = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      if (tier != null) {
        ps.setString(3, tier);
      }
      ps.setFetchSize(2_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          add(rs, asOf);
        }
      }
    }
  }

  private void add(ResultSet rs, long asOf) throws SQLException {
    long created = rs.getLong(1);
    String tier = rs.getString(2);
    String channel = rs.getString(3);
    String agent = rs.getString(4);
    Long target = nullable(rs, 5);
    Long responded = nullable(rs, 6);
    Long resolved = nullable(rs, 7);
    long handledMs = rs.getLong(10);

    Sla s = days.computeIfAbsent(new DayKey(Math.floorDiv(created, DAY_MS), tier, channel, agent), k -> new Sla());
    s.conversations++;
    // Owed once answered, or once the due time passed while unanswered (at resolution, or by asOf if open).
    if (target != null && (responded != null || target <= (resolved != null ? resolved : asOf))) {
      s.firstOwed++;
    }
    if (target != null && responded != null && responded <= target) {
      s.firstMet++;
    }
    s.nextOwed += rs.getLong(8);
    s.nextLate += rs.getLong(9);
    if (responded != null) {
      s.firstResponse.add(responded - created);
    }
    if (resolved != null) {
      s.resolution.add(resolved - created);
    }
    hours.computeIfAbsent(new HourKey(Math.floorDiv(created, HOUR_MS), tier, channel), k -> new Volume())
        .add(1, resolved != null ? 1 : 0, handledMs > 0 ? 1 : 0, handledMs);
  }

  private static Long nullable(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
