package dev.switchboard.core.store;

import static dev.switchboard.core.store.ReportCells.DAY_MS;

import dev.switchboard.core.report.ReportRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The SQL of the reports' daily roll-up (V12: {@code report_days}, {@code report_hours},
 * {@code report_watermark}). Every conversation whose {@code updated_at} is at or before the watermark is
 * folded in; a day with a conversation changed since is "changed" and a report computes it live, so a report
 * is exact whatever the roll-up's lag. The roll-up folds only changes older than {@link #SETTLE}, so that a
 * write whose transaction was still open when its day was read (its {@code updated_at} is later) is never
 * taken for folded.
 */
final class ReportRollup {

  /** How old a change must be before it is folded: longer than any write transaction and any clock skew. */
  static final Duration SETTLE = Duration.ofMinutes(1);

  private ReportRollup() {
  }

  static long watermark(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT watermark FROM report_watermark WHERE id = 1")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * The UTC days of the conversations opened in [from, to) that changed after {@code after}. The range is
   * checked here, not in SQL: with a condition on {@code created_at} a planner may pick the reports' index
   * and scan the whole range instead of the few recent changes.
   */
  static Set<Long> changedDays(Connection c, long after, long from, long to) throws SQLException {
    Set<Long> days = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT created_at FROM conversations WHERE updated_at > ?")) {
      ps.setLong(1, after);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long created = rs.getLong(1);
          if (created >= from && created < to) {
            days.add(Math.floorDiv(created, DAY_MS));
          }
        }
      }
    }
    return days;
  }

  /** The UTC days with a conversation changed in (after, upTo]: what a roll-up pass folds. */
  static List<Long> daysToFold(Connection c, long after, long upTo) throws SQLException {
    List<Long> days = new ArrayList<>();
    Set<Long> seen = new TreeSet<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT created_at FROM conversations WHERE updated_at > ? AND updated_at <= ?")) {
      ps.setLong(1, after);
      ps.setLong(2, upTo);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seen.add(Math.floorDiv(rs.getLong(1), DAY_MS));
        }
      }
    }
    days.addAll(seen);
    return days;
  }

  /** The facts of the conversations opened on {@code day}, as they stand (no owed-by-now part). */
  static ReportCells readDay(Connection c, long day) throws SQLException {
    ReportCells cells = new ReportCells();
    cells.read(c, day * DAY_MS, (day + 1) * DAY_MS, Long.MIN_VALUE, null);
    return cells;
  }

  /** Replaces {@code day}'s rows with {@code cells}. */
  static int writeDay(Connection c, long day, ReportCells cells) throws SQLException {
    try (PreparedStatement d = c.prepareStatement("DELETE FROM report_days WHERE day = ?");
        PreparedStatement h = c.prepareStatement("DELETE FROM report_hours WHERE hour >= ? AND hour < ?")) {
      d.setLong(1, day);
      d.executeUpdate();
      h.setLong(1, day * 24);
      h.setLong(2, day * 24 + 24);
      h.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_days (day, tier, channel, agent, "
        + "conversations, first_owed, first_met, next_owed, next_late, first_response_ms, resolution_ms) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Map.Entry<ReportCells.DayKey, ReportCells.Sla> e : cells.days.entrySet()) {
        ReportCells.DayKey k = e.getKey();
        ReportCells.Sla s = e.getValue();
        ps.setLong(1, k.day());
        ps.setString(2, k.tier());
        ps.setString(3, k.channel());
        ps.setString(4, k.agent());
        ps.setLong(5, s.conversations);
        ps.setLong(6, s.firstOwed);
        ps.setLong(7, s.firstMet);
        ps.setLong(8, s.nextOwed);
        ps.setLong(9, s.nextLate);
        ps.setString(10, s.firstResponse.encode());
        ps.setString(11, s.resolution.encode());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_hours (hour, tier, channel, conversations, "
        + "resolved, handled, handled_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (Map.Entry<ReportCells.HourKey, ReportCells.Volume> e : cells.hours.entrySet()) {
        ps.setLong(1, e.getKey().hour());
        ps.setString(2, e.getKey().tier());
        ps.setString(3, e.getKey().channel());
        ps.setLong(4, e.getValue().conversations);
        ps.setLong(5, e.getValue().resolved);
        ps.setLong(6, e.getValue().handled);
        ps.setLong(7, e.getValue().handledMs);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return cells.days.size();
  }

  /** Moves the watermark forward to {@code upTo} (never back: a slower pass of an old leader loses). */
  static long advance(Connection c, long upTo) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE report_watermark SET watermark = ? WHERE id = 1 AND watermark < ?")) {
      ps.setLong(1, upTo);
      ps.setLong(2, upTo);
      ps.executeUpdate();
    }
    return watermark(c);
  }

  /**
   * Which days of a range a report reads from the roll-up: whole days inside the range, none with a
   * conversation changed since the watermark. The rest (the partial first and last day, the changed days) are
   * the live stretches.
   */
  record Plan(long firstDay, long endDay, Set<Long> changed, List<long[]> live) {

    static Plan of(Connection c, ReportRange range) throws SQLException {
      long from = range.from().toEpochMilli();
      long to = range.to().toEpochMilli();
      long w = watermark(c);
      long firstDay = Math.floorDiv(from + DAY_MS - 1, DAY_MS);
      long endDay = w == 0 ? firstDay : Math.floorDiv(to, DAY_MS);
      Set<Long> changed = w == 0 ? Set.of() : changedDays(c, w, from, to);
      List<long[]> live = new ArrayList<>();
      for (long d = Math.floorDiv(from, DAY_MS); d * DAY_MS < to; d++) {
        boolean rolled = d >= firstDay && d < endDay && !changed.contains(d);
        if (!rolled) {
          long start = Math.max(from, d * DAY_MS);
          long end = Math.min(to, (d + 1) * DAY_MS);
          if (!live.isEmpty() && live.get(live.size() - 1)[1] == start) {
            live.get(live.size() - 1)[1] = end;
          } else {
            live.add(new long[] {start, end});
          }
        }
      }
      return new Plan(firstDay, Math.max(firstDay, endDay), changed, live);
    }

    boolean rolledUp(long day) {
      return day >= firstDay && day < endDay && !changed.contains(day);
    }

    /** The live stretches' facts, as of {@code asOf}. */
    ReportCells readLive(Connection c, long asOf, String tier) throws SQLException {
      ReportCells cells = new ReportCells();
      for (long[] stretch : live) {
        cells.read(c, stretch[0], stretch[1], asOf, tier);
      }
      return cells;
    }

    /** The rolled-up days' SLA facts, with the first responses that came due by {@code asOf} since they were folded. */
    void readDays(Connection c, long asOf, String tier, BiConsumer<ReportCells.DayKey, ReportCells.Sla> into)
        throws SQLException {
      if (endDay <= firstDay) {
        return;
      }
      String sql = "SELECT day, tier, channel, agent, conversations, first_owed, first_met, next_owed, next_late, "
          + "first_response_ms, resolution_ms FROM report_days WHERE day >= ? AND day < ?"
          + (tier == null ? "" : " AND tier = ?");
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bindDays(ps, tier);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long day = rs.getLong(1);
            if (!rolledUp(day)) {
              continue;
            }
            ReportCells.Sla s = new ReportCells.Sla();
            s.conversations = rs.getLong(5);
            s.firstOwed = rs.getLong(6);
            s.firstMet = rs.getLong(7);
            s.nextOwed = rs.getLong(8);
            s.nextLate = rs.getLong(9);
            s.firstResponse.addEncoded(rs.getString(10));
            s.resolution.addEncoded(rs.getString(11));
            into.accept(new ReportCells.DayKey(day, rs.getString(2), rs.getString(3), rs.getString(4)), s);
          }
        }
      }
      // Open and unanswered when folded: owed from its due time on, which no write marks.
      // The days are checked here, not in SQL, so that the planner takes the small partial index.
      String due = "SELECT created_at, " + ReportKeys.TIER.sql() + ", channel, " + ReportKeys.AGENT.sql()
          + " FROM conversations WHERE first_responded_at IS NULL AND resolved_at IS NULL "
          + "AND first_response_target IS NOT NULL AND first_response_target <= ?";
      try (PreparedStatement ps = c.prepareStatement(due)) {
        ps.setLong(1, asOf);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long day = Math.floorDiv(rs.getLong(1), DAY_MS);
            if (rolledUp(day) && (tier == null || tier.equals(rs.getString(2)))) {
              ReportCells.Sla s = new ReportCells.Sla();
              s.firstOwed = 1;
              into.accept(new ReportCells.DayKey(day, rs.getString(2), rs.getString(3), rs.getString(4)), s);
            }
          }
        }
      }
    }

    /** The rolled-up days' volume and staffing facts, per hour. */
    void readHours(Connection c, BiConsumer<ReportCells.HourKey, ReportCells.Volume> into) throws SQLException {
      if (endDay <= firstDay) {
        return;
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT hour, tier, channel, conversations, resolved, handled, "
          + "handled_ms FROM report_hours WHERE hour >= ? AND hour < ?")) {
        ps.setLong(1, firstDay * 24);
        ps.setLong(2, endDay * 24);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long hour = rs.getLong(1);
            if (rolledUp(Math.floorDiv(hour, 24))) {
              ReportCells.Volume v = new ReportCells.Volume();
              v.add(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7));
              into.accept(new ReportCells.HourKey(hour, rs.getString(2), rs.getString(3)), v);
            }
          }
        }
      }
    }

    private void bindDays(PreparedStatement ps, String tier) throws SQLException {
      ps.setLong(1, firstDay);
      ps.setLong(2, endDay);
      if (tier != null) {
        ps.setString(3, tier);
      }
    }
  }
}
