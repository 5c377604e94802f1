package dev.switchboard.core.store;

import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.report.ReportRange;
import dev.switchboard.core.report.SlaGrouping;
import dev.switchboard.core.report.SlaRow;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The SLA report against a brute force over the raw conversation rows: every grouping, ranges that cut days
 * and ranges of whole days, before the roll-up (all live), after it (whole days from the roll-up, the cut
 * days live) and after a change makes a rolled-up day live again. The brute force reads the rows the store
 * wrote and sorts each group's times, so the report's merge of the days' sorted samples must give the same
 * nearest-rank percentiles, and the same counts. Needs a database of its own: its roll-up moves the watermark
 * past its days (March 2026).
 */
interface ReportPercentilesContract {

  Stores open(MutableClock clock, MeterRegistry meters);

  String[] TIERS = {"vip", "standard", "basic"};
  String[] AGENTS = {"ann", "ben", "cy", "dee"};

  @Test
  default void slaPercentilesAndCountsAreThoseOfTheRawRowsWhateverTheRollUpAndTheRange() {
    MutableClock clock = MutableClock.startingAt("2026-03-02T00:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      SplittableRandom random = new SplittableRandom(15_2);
      List<ReportsContract.Desk> unanswered = new ArrayList<>();
      Instant first = Instant.parse("2026-03-02T00:00:00Z");
      for (int i = 0; i < 90; i++) {
        Instant opened = first.plusSeconds(random.nextLong(3 * 86_400L));
        clock.set(opened);
        String tier = random.nextInt(8) == 0 ? null : TIERS[random.nextInt(TIERS.length)];
        Instant due = opened.plusSeconds(300);
        ReportsContract.Desk desk = random.nextInt(3) == 0
            ? ReportsContract.Desk.openSms(stores.conversations(), tier, due)
            : ReportsContract.Desk.open(stores.conversations(), tier, due);
        int fate = random.nextInt(10);
        String agent = AGENTS[random.nextInt(AGENTS.length)];
        if (fate < 7) { // answered (in steps of 30 s, so that times tie), most then resolved
          clock.set(opened.plusSeconds(30 * random.nextLong(1, 25)));
          desk.assign(agent);
          desk.reply(agent);
          if (fate < 6) {
            clock.set(clock.instant().plusSeconds(60 * random.nextLong(1, 90)));
            desk.resolve(agent);
          }
        } else if (fate == 7) { // resolved unanswered
          clock.set(opened.plusSeconds(60 * random.nextLong(1, 20)));
          desk.resolve(null);
        } else { // still open and unanswered: owed once its due time passes
          unanswered.add(desk);
        }
      }
      clock.set(Instant.parse("2026-03-05T12:00:00Z"));
      List<ReportRange> ranges = List.of(
          range("2026-03-02T00:00:00Z", "2026-03-05T00:00:00Z"),
          range("2026-03-02T13:00:00Z", "2026-03-04T07:30:00Z"),
          range("2026-03-03T00:00:00.001Z", "2026-03-05T00:00:00Z"),
          range("2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z"),
          range("2026-03-01T00:00:00Z", "2026-03-06T00:00:00Z"));

      matchesTheRawRows(stores, clock, ranges, "all live, before any roll-up");
      await(stores.reports().rollUp());
      matchesTheRawRows(stores, clock, ranges, "after the roll-up");

      ReportsContract.Desk late = unanswered.get(0); // answered now: its day is read live again
      late.assign("ann");
      late.reply("ann");
      clock.set(Instant.parse("2026-03-05T12:30:00Z"));
      ReportsContract.Desk.open(stores.conversations(), "vip", clock.instant().plusSeconds(60)).resolve(null);
      matchesTheRawRows(stores, clock, ranges, "after a change");
      clock.set(Instant.parse("2026-03-05T13:30:00Z"));
      await(stores.reports().rollUp());
      matchesTheRawRows(stores, clock, ranges, "after the next roll-up");
    }
  }

  private static ReportRange range(String from, String to) {
    return new ReportRange(Instant.parse(from), Instant.parse(to));
  }

  private static void matchesTheRawRows(Stores stores, MutableClock clock, List<ReportRange> ranges, String when) {
    for (ReportRange range : ranges) {
      List<Raw> rows = raw(stores, range);
      assertThat(rows).as("conversations in %s", range).isNotEmpty();
      for (SlaGrouping g : SlaGrouping.values()) {
        assertThat(await(stores.reports().sla(range, g))).as("%s, %s, by %s", when, range, g)
            .isEqualTo(bruteForce(rows, g, clock.millis(), null));
      }
      assertThat(await(stores.reports().sla(range, SlaGrouping.AGENT, Optional.of("vip"))))
          .as("%s, %s, vip by agent", when, range).isEqualTo(bruteForce(rows, SlaGrouping.AGENT, clock.millis(), "vip"));
    }
  }

  /** A conversation row as stored. */
  record Raw(long created, String tier, String channel, String agent, Long target, Long responded, Long resolved,
      long nextOwed, long nextLate) {}

  private static List<Raw> raw(Stores stores, ReportRange range) {
    String sql = "SELECT created_at, tier, channel, assignee, last_agent, first_response_target, first_responded_at, "
        + "resolved_at, next_responses, next_responses_late FROM conversations WHERE created_at >= ? AND created_at < ?";
    return await(stores.read(c -> {
      List<Raw> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, range.from().toEpochMilli());
        ps.setLong(2, range.to().toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String agent = rs.getString(4) != null ? rs.getString(4) : rs.getString(5);
            rows.add(new Raw(rs.getLong(1), rs.getString(2) == null ? "unclassified" : rs.getString(2),
                rs.getString(3), agent == null ? "unassigned" : agent, nullable(rs, 6), nullable(rs, 7), nullable(rs, 8),
                rs.getLong(9), rs.getLong(10)));
          }
        }
      }
      return rows;
    }));
  }

  private static Long nullable(ResultSet rs, int column) throws java.sql.SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /** The report by its definition (docs/reports.md), each group's times sorted whole. */
  private static List<SlaRow> bruteForce(List<Raw> rows, SlaGrouping g, long asOf, String onlyTier) {
    Map<String, List<Raw>> groups = new TreeMap<>(g == SlaGrouping.DAY
        ? Comparator.comparingLong(Long::parseLong) : Comparator.<String>naturalOrder());
    for (Raw r : rows) {
      if (onlyTier == null || onlyTier.equals(r.tier())) {
        String key = switch (g) {
          case TIER -> r.tier();
          case CHANNEL -> r.channel();
          case AGENT -> r.agent();
          case DAY -> Long.toString(Math.floorDiv(r.created(), 86_400_000L));
        };
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      }
    }
    List<SlaRow> out = new ArrayList<>();
    groups.forEach((key, members) -> {
      long firstOwed = 0;
      long firstMet = 0;
      long nextOwed = 0;
      long nextLate = 0;
      List<Long> firstResponse = new ArrayList<>();
      List<Long> resolution = new ArrayList<>();
      for (Raw r : members) {
        long endOfWait = r.resolved() != null ? r.resolved() : asOf;
        if (r.target() != null && (r.responded() != null || r.target() <= endOfWait)) {
          firstOwed++;
        }
        if (r.target() != null && r.responded() != null && r.responded() <= r.target()) {
          firstMet++;
        }
        nextOwed += r.nextOwed();
        nextLate += r.nextLate();
        if (r.responded() != null) {
          firstResponse.add(r.responded() - r.created());
        }
        if (r.resolved() != null) {
          resolution.add(r.resolved() - r.created());
        }
      }
      String label = switch (g) {
        case CHANNEL -> Channel.valueOf(key).key();
        case DAY -> LocalDate.ofEpochDay(Long.parseLong(key)).toString();
        default -> key;
      };
      out.add(new SlaRow(label, members.size(), firstOwed, firstMet, nextOwed, nextLate,
          nearestRank(firstResponse, 1, 2), nearestRank(firstResponse, 9, 10), nearestRank(resolution, 1, 2)));
    });
    return out;
  }

  private static Duration nearestRank(List<Long> values, int numerator, int denominator) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (numerator * sorted.size() + denominator - 1) / denominator;
    return Duration.ofMillis(sorted.get(Math.max(0, rank - 1)));
  }
}
