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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@link Reports} from the daily roll-up ({@link ReportRollup}) for whole, settled days and from the
 * conversations themselves for the rest of the range (its partial first and last day, and days changed since
 * the roll-up's watermark), in SQL that runs unchanged on SQLite and PostgreSQL, merged in Java. Percentiles
 * are nearest-rank (the smallest value whose rank is at least p·n) over every value of the group, kept whole in
 * the roll-up, so they are exact and a value that occurred rather than an interpolation.
 */
final class JdbcReports implements Reports {

  /** Reads run on the store's reader pool, each with its own connection. */
  interface Reader {
    <T> CompletionStage<T> read(Work<T> work);
  }

  /** Writes go through the store's one writer. */
  interface Writer {
    <T> CompletionStage<T> write(String name, Work<T> work);
  }

  private final Reader reader;
  private final Writer writer;
  private final Clock clock;

  JdbcReports(Reader reader, Writer writer, Clock clock) {
    this.reader = requireNonNull(reader, "reader");
    this.writer = requireNonNull(writer, "writer");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<List<SlaRow>> sla(ReportRange range, SlaGrouping groupBy, Optional<String> tier) {
    requireNonNull(range, "range");
    String onlyTier = requireNonNull(tier, "tier").orElse(null);
    ReportKeys keys = ReportKeys.of(requireNonNull(groupBy, "groupBy"));
    Function<ReportCells.DayKey, String> group = switch (groupBy) {
      case TIER -> ReportCells.DayKey::tier;
      case CHANNEL -> ReportCells.DayKey::channel;
      case AGENT -> ReportCells.DayKey::agent;
      case DAY -> k -> Long.toString(k.day());
    };
    long asOf = clock.millis();
    return reader.read(c -> {
      ReportRollup.Plan plan = ReportRollup.Plan.of(c, range);
      Map<String, ReportCells.Sla> groups = new TreeMap<>(order(groupBy == SlaGrouping.DAY));
      plan.readLive(c, asOf, onlyTier).days.forEach((k, s) ->
          groups.computeIfAbsent(group.apply(k), g -> new ReportCells.Sla()).addAll(s));
      plan.readDays(c, asOf, onlyTier, (k, s) ->
          groups.computeIfAbsent(group.apply(k), g -> new ReportCells.Sla()).addAll(s));
      List<SlaRow> rows = new ArrayList<>(groups.size());
      groups.forEach((g, s) -> rows.add(new SlaRow(keys.label().apply(g), s.conversations, s.firstOwed, s.firstMet,
          s.nextOwed, s.nextLate, s.firstResponse.percentile(1, 2), s.firstResponse.percentile(9, 10),
          s.resolution.percentile(1, 2))));
      return rows;
    });
  }

  @Override
  public CompletionStage<List<VolumeRow>> volume(ReportRange range, VolumeGrouping groupBy) {
    requireNonNull(range, "range");
    ReportKeys keys = ReportKeys.of(requireNonNull(groupBy, "groupBy"));
    Function<ReportCells.HourKey, String> group = switch (groupBy) {
      case TIER -> ReportCells.HourKey::tier;
      case CHANNEL -> ReportCells.HourKey::channel;
      case DAY -> k -> Long.toString(Math.floorDiv(k.hour(), 24));
      case HOUR -> k -> Long.toString(k.hour());
    };
    boolean numeric = groupBy == VolumeGrouping.DAY || groupBy == VolumeGrouping.HOUR;
    return reader.read(c -> {
      Map<String, ReportCells.Volume> groups = new TreeMap<>(order(numeric));
      hours(c, range, (k, v) -> groups.computeIfAbsent(group.apply(k), g -> new ReportCells.Volume())
          .add(v.conversations, v.resolved, v.handled, v.handledMs));
      List<VolumeRow> rows = new ArrayList<>(groups.size());
      groups.forEach((g, v) -> rows.add(new VolumeRow(keys.label().apply(g), v.conversations, v.resolved)));
      return rows;
    });
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
    return reader.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, range.from().toEpochMilli());
        ps.setLong(2, range.to().toEpochMilli());
        List<CsatRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new CsatRow(keys.label().apply(rs.getString("g")), rs.getLong("n"), List.of(rs.getLong("s1"),
                rs.getLong("s2"), rs.getLong("s3"), rs.getLong("s4"), rs.getLong("s5"))));
          }
        }
        return rows;
      }
    });
  }

  @Override
  public CompletionStage<StaffingFacts> staffing(ReportRange range) {
    requireNonNull(range, "range");
    long asOf = clock.millis();
    return reader.read(c -> {
      // Per hour of the week (the epoch began on a Thursday: +72 h makes Monday 00:00 hour 0), channel, tier.
      Map<ReportCells.HourKey, ReportCells.Volume> byHourOfWeek = new TreeMap<>(
          Comparator.comparingLong(ReportCells.HourKey::hour).thenComparing(ReportCells.HourKey::channel)
              .thenComparing(ReportCells.HourKey::tier));
      hours(c, range, (k, v) -> byHourOfWeek.computeIfAbsent(
              new ReportCells.HourKey(Math.floorMod(k.hour() + 72, 168), k.tier(), k.channel()),
              g -> new ReportCells.Volume())
          .add(v.conversations, v.resolved, v.handled, v.handledMs));
      List<StaffingFacts.Arrivals> arrivals = new ArrayList<>(byHourOfWeek.size());
      byHourOfWeek.forEach((k, v) -> arrivals.add(new StaffingFacts.Arrivals((int) k.hour(),
          ReportKeys.CHANNEL.label().apply(k.channel()), k.tier(), v.conversations, v.handled, v.handledMs)));
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

  @Override
  public CompletionStage<Instant> rollUp() {
    long upTo = clock.millis() - ReportRollup.SETTLE.toMillis();
    return reader.read(c -> {
      long watermark = ReportRollup.watermark(c);
      return upTo <= watermark ? List.<Long>of() : ReportRollup.daysToFold(c, watermark, upTo);
    }).thenCompose(days -> foldFrom(days, 0, upTo));
  }

  /** Folds {@code days} from index {@code i} on, one day per read and write, then moves the watermark. */
  private CompletionStage<Instant> foldFrom(List<Long> days, int i, long upTo) {
    if (i == days.size()) {
      return writer.write("reportWatermark", c -> Instant.ofEpochMilli(ReportRollup.advance(c, upTo)));
    }
    long day = days.get(i);
    return reader.read(c -> ReportRollup.readDay(c, day))
        .thenCompose(cells -> writer.write("reportDay", c -> ReportRollup.writeDay(c, day, cells)))
        .thenCompose(written -> foldFrom(days, i + 1, upTo));
  }

  /** The range's volume facts per hour: rolled-up days from the roll-up, the rest from the conversations. */
  private static void hours(Connection c, ReportRange range,
      BiConsumer<ReportCells.HourKey, ReportCells.Volume> into) throws SQLException {
    ReportRollup.Plan plan = ReportRollup.Plan.of(c, range);
    plan.readLive(c, Long.MIN_VALUE, null).hours.forEach(into);
    plan.readHours(c, into);
  }

  /** Groups in the order the report lists them: by number for days and hours, else by name. */
  private static Comparator<String> order(boolean numeric) {
    return numeric ? Comparator.comparingLong(Long::parseLong) : Comparator.naturalOrder();
  }
}
