package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.report.CsatRow;
import dev.switchboard.core.report.ReportRange;
import dev.switchboard.core.report.Reports;
import dev.switchboard.core.report.SlaGrouping;
import dev.switchboard.core.report.SlaRow;
import dev.switchboard.core.report.StaffingFacts;
import dev.switchboard.core.report.VolumeGrouping;
import dev.switchboard.core.report.VolumeRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@link Reports} in SQL that runs unchanged on SQLite and PostgreSQL. Every query reads the conversations
 * opened in the range through one range scan of {@code conversations_for_reports}, an index that holds every
 * column they read. Percentiles are nearest-rank (the smallest value whose rank is at least p·n), from
 * {@code ROW_NUMBER()} and {@code COUNT(*)} windows per group: both databases have window functions, SQLite
 * has no {@code percentile_cont}, and nearest-rank gives a value that occurred rather than an interpolation.
 */
final class JdbcReports implements Reports {

  /** Reads run on the store's reader pool, each with its own connection. */
  interface Reader {
    <T> CompletionStage<T> read(Work<T> work);
  }

  private final Reader reader;
  private final Clock clock;

  JdbcReports(Reader reader, Clock clock) {
    this.reader = requireNonNull(reader, "reader");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<List<SlaRow>> sla(ReportRange range, SlaGrouping groupBy, Optional<String> tier) {
    Scope scope = new Scope(requireNonNull(range, "range"), requireNonNull(tier, "tier").orElse(null));
    ReportKeys keys = ReportKeys.of(requireNonNull(groupBy, "groupBy"));
    long asOf = clock.millis();
    return reader.read(c -> {
      Map<String, Spread> firstResponse = percentiles(c, keys, "first_responded_at - created_at",
          "first_responded_at IS NOT NULL", scope);
      Map<String, Spread> resolution = percentiles(c, keys, "resolved_at - created_at",
          "resolved_at IS NOT NULL", scope);
      // A first response is owed once answered, or once its due time passed while unanswered and open.
      String sql = "SELECT g, COUNT(*) AS n, "
          + "SUM(CASE WHEN first_response_target IS NOT NULL AND (first_responded_at IS NOT NULL "
          + "OR first_response_target <= COALESCE(resolved_at, ?)) THEN 1 ELSE 0 END) AS first_owed, "
          + "SUM(CASE WHEN first_responded_at <= first_response_target THEN 1 ELSE 0 END) AS first_met, "
          + "SUM(next_responses) AS next_owed, SUM(next_responses_late) AS next_late "
          + "FROM (SELECT " + keys.sql() + " AS g, first_response_target, first_responded_at, resolved_at, "
          + "next_responses, next_responses_late" + scope.where() + ") f GROUP BY g ORDER BY g";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, asOf);
        scope.bind(ps, 2);
        List<SlaRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String g = rs.getString("g");
            Spread first = firstResponse.getOrDefault(g, Spread.NONE);
            Spread resolved = resolution.getOrDefault(g, Spread.NONE);
            rows.add(new SlaRow(keys.label().apply(g), rs.getLong("n"), rs.getLong("first_owed"),
                rs.getLong("first_met"), rs.getLong("next_owed"), rs.getLong("next_late"),
                first.median(), first.p90(), resolved.median()));
          }
        }
        return rows;
      }
    });
  }

  @Override
  public CompletionStage<List<VolumeRow>> volume(ReportRange range, VolumeGrouping groupBy) {
    requireNonNull(range, "range");
    ReportKeys keys = ReportKeys.of(requireNonNull(groupBy, "groupBy"));
    String sql = "SELECT g, COUNT(*) AS n, COUNT(resolved_at) AS resolved FROM (SELECT " + keys.sql()
        + " AS g, resolved_at" + Scope.RANGE + ") f GROUP BY g ORDER BY g";
    return reader.read(c -> list(c, sql, new Scope(range, null),
        rs -> new VolumeRow(keys.label().apply(rs.getString("g")), rs.getLong("n"), rs.getLong("resolved"))));
  }

  @Override
  public CompletionStage<List<CsatRow>> csat(ReportRange range, SlaGrouping groupBy) {
    requireNonNull(range, "range");
    ReportKeys keys = ReportKeys.csat(requireNonNull(groupBy, "groupBy"));
    StringBuilder counts = new StringBuilder();
    for (int score = 1; score <= 5; score++) {
      counts.append(", SUM(CASE WHEN score = ").append(score).append(" THEN 1 ELSE 0 END) AS s").append(score);
    }
    // One range scan of csat_surveys_for_reports, which holds every column read here.
    String sql = "SELECT g, COUNT(*) AS n" + counts + " FROM (SELECT " + keys.sql() + " AS g, score "
        + "FROM csat_surveys WHERE answered_at >= ? AND answered_at < ?) f GROUP BY g ORDER BY g";
    return reader.read(c -> list(c, sql, new Scope(range, null), rs -> new CsatRow(keys.label().apply(rs.getString("g")),
        rs.getLong("n"), List.of(rs.getLong("s1"), rs.getLong("s2"), rs.getLong("s3"), rs.getLong("s4"),
            rs.getLong("s5")))));
  }

  @Override
  public CompletionStage<StaffingFacts> staffing(ReportRange range) {
    requireNonNull(range, "range");
    long asOf = clock.millis();
    String sql = "SELECT how, channel, tier, COUNT(*) AS n, SUM(CASE WHEN handled_ms > 0 THEN 1 ELSE 0 END) "
        + "AS handled, SUM(handled_ms) AS handled_ms FROM (SELECT (created_at / 3600000 + 72) % 168 AS how, "
        + "channel, " + ReportKeys.TIER.sql() + " AS tier, handled_ms" + Scope.RANGE + ") f GROUP BY how, channel, tier";
    return reader.read(c -> {
      List<StaffingFacts.Arrivals> arrivals = list(c, sql, new Scope(range, null), rs -> new StaffingFacts.Arrivals(
          rs.getInt("how"), ReportKeys.CHANNEL.label().apply(rs.getString("channel")), rs.getString("tier"),
          rs.getLong("n"), rs.getLong("handled"), rs.getLong("handled_ms")));
      long from = range.from().toEpochMilli();
      long to = Math.min(range.to().toEpochMilli(), asOf);
      List<StaffingFacts.Presence> presence = new ArrayList<>();
      for (PresenceRows.Stretch s : PresenceRows.overlapping(c, from, to)) {
        long until = Math.min(s.until() == null ? asOf : s.until(), to);
        long start = Math.max(s.from(), from);
        if (start < until) {
          presence.add(new StaffingFacts.Presence(s.agent(), start, until));
        }
      }
      return new StaffingFacts(arrivals, presence);
    });
  }

  /** The median and 90th percentile of {@code value} per group, over the rows where {@code present}. */
  private static Map<String, Spread> percentiles(Connection c, ReportKeys keys, String value, String present,
      Scope scope) throws SQLException {
    String sql = "SELECT g, MIN(CASE WHEN rn >= 0.5 * n THEN v END) AS p50, "
        + "MIN(CASE WHEN rn >= 0.9 * n THEN v END) AS p90 "
        + "FROM (SELECT g, v, ROW_NUMBER() OVER (PARTITION BY g ORDER BY v) AS rn, "
        + "COUNT(*) OVER (PARTITION BY g) AS n "
        + "FROM (SELECT " + keys.sql() + " AS g, " + value + " AS v" + scope.where() + " AND " + present + ") f) r "
        + "GROUP BY g";
    Map<String, Spread> out = new HashMap<>();
    list(c, sql, scope, rs -> out.put(rs.getString("g"),
        new Spread(Duration.ofMillis(rs.getLong("p50")), Duration.ofMillis(rs.getLong("p90")))));
    return out;
  }

  /** The conversations a query reads: opened in the range, and of one tier when {@code tier} is not null. */
  private record Scope(ReportRange range, String tier) {
    static final String RANGE = " FROM conversations WHERE created_at >= ? AND created_at < ?";

    String where() {
      return tier == null ? RANGE : RANGE + " AND " + ReportKeys.TIER.sql() + " = ?";
    }

    /** Binds the scope's parameters from {@code index} on. */
    void bind(PreparedStatement ps, int index) throws SQLException {
      ps.setLong(index, range.from().toEpochMilli());
      ps.setLong(index + 1, range.to().toEpochMilli());
      if (tier != null) {
        ps.setString(index + 2, tier);
      }
    }
  }

  /** A group's median and 90th percentile. */
  private record Spread(Duration median, Duration p90) {
    static final Spread NONE = new Spread(null, null);
  }

  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> List<T> list(Connection c, String sql, Scope scope, RowReader<T> row)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      scope.bind(ps, 1);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
      return out;
    }
  }
}
