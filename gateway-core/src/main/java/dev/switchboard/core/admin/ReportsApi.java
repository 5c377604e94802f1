package dev.switchboard.core.admin;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.IsoInstant;
import dev.switchboard.core.report.CsatRow;
import dev.switchboard.core.report.ReportRange;
import dev.switchboard.core.report.Reports;
import dev.switchboard.core.report.SlaGrouping;
import dev.switchboard.core.report.SlaRow;
import dev.switchboard.core.report.StaffingHour;
import dev.switchboard.core.report.StaffingPlan;
import dev.switchboard.core.report.VolumeGrouping;
import dev.switchboard.core.report.VolumeRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /api/reports/sla}, {@code /volume}, {@code /staffing} and {@code /csat} (admin token): JSON, or CSV for
 * {@code Accept: text/csv}. {@code from} and {@code to} are ISO instants or dates (a date is its UTC midnight);
 * without them the last 30 days up to now.
 */
public final class ReportsApi {

  private static final Duration DEFAULT_SPAN = Duration.ofDays(30);
  private static final double DEFAULT_GOAL = 0.8;
  private static final ReportTable<SlaRow> SLA = new ReportTable<SlaRow>()
      .column("group", SlaRow::group)
      .column("conversations", SlaRow::conversations)
      .column("firstResponsesOwed", SlaRow::firstResponsesOwed)
      .column("firstWithinSla", SlaRow::firstWithinSla)
      .column("nextResponsesOwed", SlaRow::nextResponsesOwed)
      .column("nextWithinSla", SlaRow::nextWithinSla)
      .seconds("firstResponseMedianSeconds", SlaRow::firstResponseMedian)
      .seconds("firstResponseP90Seconds", SlaRow::firstResponseP90)
      .seconds("resolutionMedianSeconds", SlaRow::resolutionMedian);
  private static final ReportTable<VolumeRow> VOLUME = new ReportTable<VolumeRow>()
      .column("group", VolumeRow::group)
      .column("conversations", VolumeRow::conversations)
      .column("resolved", VolumeRow::resolved)
      .column("open", VolumeRow::open);

  private static final ReportTable<CsatRow> CSAT = new ReportTable<CsatRow>()
      .column("group", CsatRow::group)
      .column("count", CsatRow::answers)
      .column("mean", CsatRow::mean)
      .column("score1", r -> r.count(1))
      .column("score2", r -> r.count(2))
      .column("score3", r -> r.count(3))
      .column("score4", r -> r.count(4))
      .column("score5", r -> r.count(5));

  private final Reports reports;
  private final AdminAuth auth;
  private final Clock clock;
  private final Supplier<Map<String, Duration>> targets;

  /** {@code targets}: each tier's first-response target as configured now, highest tier first. */
  public ReportsApi(Reports reports, AdminAuth auth, Clock clock, Supplier<Map<String, Duration>> targets) {
    this.reports = requireNonNull(reports, "reports");
    this.auth = requireNonNull(auth, "auth");
    this.clock = requireNonNull(clock, "clock");
    this.targets = requireNonNull(targets, "targets");
  }

  public void mount(HttpRoutes routes) {
    routes.get("/api/reports/sla", this::sla);
    routes.get("/api/reports/volume", this::volume);
    routes.get("/api/reports/staffing", this::staffing);
    routes.get("/api/reports/csat", this::csat);
  }

  private CompletionStage<HttpResponse> csat(HttpRequest request) {
    auth.require(request);
    ReportRange range = range(request);
    SlaGrouping groupBy = parameter(request, "groupBy", SlaGrouping::ofKey, SlaGrouping.DAY);
    return reports.csat(range, groupBy).thenApplyAsync(rows -> {
      if (wantsCsv(request)) {
        return answer(request, "csat", range, groupBy.key(), CSAT, rows);
      }
      long[] all = new long[5];
      long count = 0;
      for (CsatRow r : rows) {
        count += r.answers();
        for (int score = 1; score <= 5; score++) {
          all[score - 1] += r.count(score);
        }
      }
      CsatRow total = new CsatRow("total", count, java.util.Arrays.stream(all).boxed().toList());
      Map<String, Object> distribution = new LinkedHashMap<>();
      for (int score = 1; score <= 5; score++) {
        distribution.put(String.valueOf(score), total.count(score));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("report", "csat");
      body.put("from", IsoInstant.format(range.from()));
      body.put("to", IsoInstant.format(range.to()));
      body.put("groupBy", groupBy.key());
      body.put("count", total.answers());
      body.put("mean", total.mean());
      body.put("distribution", distribution);
      body.put("rows", CSAT.json(rows));
      return HttpResponse.json(200, body);
    }, request.workers());
  }

  private CompletionStage<HttpResponse> staffing(HttpRequest request) {
    auth.require(request);
    ReportRange range = range(request);
    double goal = parameter(request, "goal", ReportsApi::goal, DEFAULT_GOAL);
    Map<String, Duration> tiers = targets.get();
    return reports.staffing(range).thenApplyAsync(facts -> {
      List<StaffingHour> hours = StaffingPlan.plan(facts, range, tiers, goal);
      if (wantsCsv(request)) {
        return answer(request, "staffing", range, "hour", StaffingTable.of(hours, tiers.keySet()), hours);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("report", "staffing");
      body.put("from", IsoInstant.format(range.from()));
      body.put("to", IsoInstant.format(range.to()));
      body.put("goal", goal);
      body.put("targets", tiers.entrySet().stream().collect(LinkedHashMap::new,
          (m, e) -> m.put(e.getKey(), e.getValue().toMillis() / 1000.0), Map::putAll));
      body.put("hours", StaffingTable.json(hours));
      return HttpResponse.json(200, body);
    }, request.workers());
  }

  private CompletionStage<HttpResponse> sla(HttpRequest request) {
    auth.require(request);
    ReportRange range = range(request);
    SlaGrouping groupBy = parameter(request, "groupBy", SlaGrouping::ofKey, SlaGrouping.TIER);
    Optional<String> tier = request.queryParam("tier").filter(t -> !t.isBlank());
    return reports.sla(range, groupBy, tier).thenApplyAsync(
        rows -> answer(request, "sla", range, groupBy.key(), SLA, rows), request.workers());
  }

  private CompletionStage<HttpResponse> volume(HttpRequest request) {
    auth.require(request);
    ReportRange range = range(request);
    VolumeGrouping groupBy = parameter(request, "groupBy", VolumeGrouping::ofKey, VolumeGrouping.DAY);
    return reports.volume(range, groupBy).thenApplyAsync(
        rows -> answer(request, "volume", range, groupBy.key(), VOLUME, rows), request.workers());
  }

  private static <R> HttpResponse answer(HttpRequest request, String report, ReportRange range, String groupBy,
      ReportTable<R> table, List<R> rows) {
    if (wantsCsv(request)) {
      String name = report + "-" + groupBy + "-" + IsoInstant.format(range.from()).replace(":", "") + ".csv";
      return HttpResponse.text(200, "text/csv; charset=utf-8", table.csv(rows))
          .withHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("report", report);
    body.put("from", IsoInstant.format(range.from()));
    body.put("to", IsoInstant.format(range.to()));
    body.put("groupBy", groupBy);
    body.put("rows", table.json(rows));
    return HttpResponse.json(200, body);
  }

  static boolean wantsCsv(HttpRequest request) {
    return request.header("accept").map(a -> a.toLowerCase(java.util.Locale.ROOT).contains("text/csv"))
        .orElse(false);
  }

  /** The range the request names; 400 {@code invalid_range} naming the problem. */
  ReportRange range(HttpRequest request) {
    Instant to = parameter(request, "to", ReportsApi::instant, null);
    Instant from = parameter(request, "from", ReportsApi::instant, null);
    if (to == null) {
      to = from == null ? clock.instant() : from.plus(DEFAULT_SPAN);
    }
    if (from == null) {
      from = to.minus(DEFAULT_SPAN);
    }
    try {
      return new ReportRange(from, to);
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest("invalid_range", e.getMessage());
    }
  }

  private static <T> T parameter(HttpRequest request, String name, Function<String, T> parse, T otherwise) {
    return request.queryParam(name).filter(v -> !v.isBlank()).map(v -> {
      try {
        return parse.apply(v.trim());
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw HttpException.badRequest("invalid_parameter",
            e instanceof DateTimeParseException ? name + ": \"" + v + "\" is not an ISO instant "
                + "(2026-11-30T00:00:00Z) or date (2026-11-30)." : e.getMessage());
      }
    }).orElse(otherwise);
  }

  private static double goal(String v) {
    try {
      double g = Double.parseDouble(v);
      if (g > 0 && g < 1) {
        return g;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new IllegalArgumentException("goal: \"" + v + "\" is not a share between 0 and 1 (e.g. 0.8).");
  }

  private static Instant instant(String v) {
    return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
  }
}
