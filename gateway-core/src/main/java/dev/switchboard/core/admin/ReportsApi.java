package dev.switchboard.core.admin;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.IsoInstant;
import dev.switchboard.core.report.ReportRange;
import dev.switchboard.core.report.Reports;
import dev.switchboard.core.report.SlaGrouping;
import dev.switchboard.core.report.SlaRow;
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
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * {@code GET /api/reports/sla} and {@code /api/reports/volume} (admin token): JSON, or CSV for
 * {@code Accept: text/csv}. {@code from} and {@code to} are ISO instants or dates (a date is its UTC midnight);
 * without them the last 30 days up to now.
 */
public final class ReportsApi {

  private static final Duration DEFAULT_SPAN = Duration.ofDays(30);
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

  private final Reports reports;
  private final AdminAuth auth;
  private final Clock clock;

  public ReportsApi(Reports reports, AdminAuth auth, Clock clock) {
    this.reports = requireNonNull(reports, "reports");
    this.auth = requireNonNull(auth, "auth");
    this.clock = requireNonNull(clock, "clock");
  }

  public void mount(HttpRoutes routes) {
    routes.get("/api/reports/sla", this::sla);
    routes.get("/api/reports/volume", this::volume);
  }

  private CompletionStage<HttpResponse> sla(HttpRequest request) {
    auth.require(request);
    ReportRange range = range(request);
    SlaGrouping groupBy = parameter(request, "groupBy", SlaGrouping::ofKey, SlaGrouping.TIER);
    return reports.sla(range, groupBy).thenApplyAsync(
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

  private static Instant instant(String v) {
    return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
  }
}
