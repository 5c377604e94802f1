package dev.switchboard.bench.reports;

import dev.switchboard.bench.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plans of the queries a report runs (the SQL of gateway-core's {@code JdbcReports}, {@code ReportRollup},
 * {@code ReportCells} and {@code PresenceRows}, copied here), read from the store the gateway under test
 * just answered from: {@code EXPLAIN QUERY PLAN} on SQLite, {@code EXPLAIN ANALYZE} on PostgreSQL. Each plan is
 * logged; {@link #check} answers how many of them read through an index.
 */
final class ReportPlans {

  private ReportPlans() {}

  /** One report query with the parameters a 30-day report over the seeded range binds. */
  private record Query(String name, String sql, long... params) {}

  /**
   * Logs the plan of each query and answers {@code indexed/total}, the queries whose plan reads an index (a
   * sequential or full scan of a table does not count).
   */
  static String check(Connection c, boolean postgres, long from, long to) throws SQLException {
    long watermark;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT watermark FROM report_watermark WHERE id = 1")) {
      watermark = rs.next() ? rs.getLong(1) : 0;
    }
    long day = 86_400_000L;
    long lastDay = Math.floorDiv(to, day);
    List<Query> queries = List.of(
        new Query("changed_days", "SELECT created_at FROM conversations WHERE updated_at > ?", watermark),
        new Query("first_due", "SELECT created_at, COALESCE(tier, 'unclassified'), channel, "
            + "COALESCE(assignee, last_agent, 'unassigned') FROM conversations WHERE first_responded_at IS NULL "
            + "AND resolved_at IS NULL AND first_response_target IS NOT NULL AND first_response_target <= ?", to),
        new Query("live_day", "SELECT created_at, COALESCE(tier, 'unclassified') AS tier, channel, "
            + "COALESCE(assignee, last_agent, 'unassigned') AS agent, first_response_target, first_responded_at, "
            + "resolved_at, next_responses, next_responses_late, handled_ms FROM conversations "
            + "WHERE created_at >= ? AND created_at < ?", lastDay * day, to),
        new Query("report_days", "SELECT day, tier, channel, agent, conversations, first_owed, first_met, next_owed, "
            + "next_late, first_response_ms, resolution_ms FROM report_days WHERE day >= ? AND day < ?",
            Math.floorDiv(from, day) + 1, lastDay),
        new Query("report_hours", "SELECT hour, tier, channel, conversations, resolved, handled, handled_ms "
            + "FROM report_hours WHERE hour >= ? AND hour < ?", (Math.floorDiv(from, day) + 1) * 24, lastDay * 24),
        new Query("csat", "SELECT g, COUNT(*) AS n FROM (SELECT answered_at / 86400000 AS g, score "
            + "FROM csat_surveys WHERE answered_at >= ? AND answered_at < ?) f GROUP BY g ORDER BY g", from, to),
        new Query("presence", "SELECT agent, from_at, until_at FROM agent_presence "
            + "WHERE from_at < ? AND (until_at IS NULL OR until_at > ?)", to, from));
    int indexed = 0;
    for (Query q : queries) {
      List<String> plan = plan(c, postgres, q);
      String all = String.join(" | ", plan);
      boolean usesIndex = plan.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains("index"))
          && plan.stream().noneMatch(ReportPlans::readsATableWhole);
      indexed += usesIndex ? 1 : 0;
      Log.info("plan %-13s %s: %s", q.name(), usesIndex ? "index" : "NO INDEX", all);
    }
    return indexed + "/" + queries.size();
  }

  /** PostgreSQL's {@code Seq Scan on t}, SQLite's {@code SCAN t} without an index, of one of the stored tables. */
  private static boolean readsATableWhole(String line) {
    String l = line.toLowerCase(Locale.ROOT).replaceFirst("^[->\\s]+", "");
    if (l.contains("seq scan on")) {
      return true;
    }
    return l.startsWith("scan ") && !l.contains("index") && TABLES.contains(l.substring(5).split("\\s")[0]);
  }

  private static final List<String> TABLES = List.of("conversations", "report_days", "report_hours", "csat_surveys",
      "agent_presence");

  private static List<String> plan(Connection c, boolean postgres, Query q) throws SQLException {
    String explain = postgres ? "EXPLAIN (ANALYZE, COSTS OFF) " : "EXPLAIN QUERY PLAN ";
    List<String> lines = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(explain + q.sql())) {
      for (int i = 0; i < q.params().length; i++) {
        ps.setLong(i + 1, q.params()[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int column = postgres ? 1 : 4; // SQLite: id, parent, notused, detail
        while (rs.next()) {
          lines.add(rs.getString(column).trim());
        }
      }
    }
    return lines;
  }
}
