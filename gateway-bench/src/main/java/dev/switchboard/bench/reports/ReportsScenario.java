package dev.switchboard.bench.reports;

import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.GatewayUnderTest;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ProcStat;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.StoreFile;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.recovery.StoreSeeder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each report over HTTP on a store of {@code --conversations} resolved conversations spread over the last 30
 * days (report facts from {@link dev.switchboard.bench.recovery.ReportFacts}, a satisfaction answer for one in
 * four), the range covering all of them: the slowest case a 30-day report meets. The store is a SQLite file
 * (the recovery scenario's seeder) or, with {@code --store=postgres}, a PostgreSQL schema of its own filled
 * with COPY ({@link PostgresReportStore}). Each report runs {@code --runs} times after one warm-up; the line
 * gives the median and the slowest, in milliseconds, as the client saw them (HTTP and JSON included), and how
 * many of the report queries' plans read through an index ({@link ReportPlans}).
 */
public final class ReportsScenario implements Scenario {

  private static final List<String> REPORTS = List.of("sla?groupBy=tier", "sla?groupBy=channel",
      "sla?groupBy=agent", "sla?groupBy=day", "csat?groupBy=day", "csat?groupBy=agent", "volume?groupBy=day",
      "volume?groupBy=hour", "staffing?");

  /**
   * One answered survey for one conversation in four, an hour after its resolution, scored 1 to 5 from its
   * opening time: portable SQL, so both stores get the same answers.
   */
  private static final String CSAT = "INSERT INTO csat_surveys (id, conversation_id, resolved_at, channel, tier, "
      + "agent, status, asked_at, expires_at, score, answered_at) SELECT 'S' || substr(id, 2), id, resolved_at, "
      + "channel, tier, last_agent, 'ANSWERED', resolved_at + 60000, resolved_at + 259200000, "
      + "(created_at / 1000) % 5 + 1, resolved_at + 3600000 FROM conversations "
      + "WHERE resolved_at IS NOT NULL AND (created_at / 1000) % 4 = 0";

  /** Where the conversations are kept. */
  enum Store { SQLITE, POSTGRES }

  @Override
  public String name() {
    return "reports";
  }

  @Override
  public String usage() {
    return "--conversations=1000000 --runs=5 [--store=sqlite|postgres] [--save-store=FILE | --from-store=FILE] "
        + "[--postgres=jdbc:postgresql://127.0.0.1:5432/test?user=postgres]";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    int conversations = flags.integer("conversations", 1_000_000);
    Store store = Store.valueOf(flags.string("store", "sqlite").toUpperCase(java.util.Locale.ROOT));
    Duration readyTimeout = flags.duration("ready-timeout", Duration.ofSeconds(600));
    try (TempDir dir = TempDir.create(name(), flags)) {
      GatewayConfigFile config = new GatewayConfigFile(TempDir.freePort(), dir.path(), 1, 10, false, null, null);
      if (store == Store.POSTGRES) {
        String server = flags.string("postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        try (PostgresReportStore pg = PostgresReportStore.create(server)) {
          GatewayConfigFile onPg = config.onPostgres(pg.url());
          migrate(flags, onPg, readyTimeout);
          long now = System.currentTimeMillis();
          Log.info("seeding %d conversations with report facts into PostgreSQL", conversations);
          pg.seed(conversations, now);
          seedCsat(pg.url());
          forgetRollup(pg.url());
          return measure(flags, onPg, pg.url(), true, now, readyTimeout);
        }
      }
      String fromStore = flags.string("from-store", "");
      long now;
      if (fromStore.isEmpty()) {
        migrate(flags, config, readyTimeout);
        now = System.currentTimeMillis();
        Log.info("seeding %d conversations with report facts", conversations);
        StoreSeeder.seed(config.sqliteFile(), conversations, 0, now, true);
        seedCsat("jdbc:sqlite:" + config.sqliteFile());
        forgetRollup("jdbc:sqlite:" + config.sqliteFile());
        String saveStore = flags.string("save-store", "");
        if (!saveStore.isEmpty()) {
          Files.copy(config.sqliteFile(), Path.of(saveStore), StandardCopyOption.REPLACE_EXISTING);
          Log.info("seeded store kept as %s", saveStore);
        }
      } else {
        // A store seeded by an earlier run (--save-store), so that two gateways are measured on the same rows.
        Files.createDirectories(config.sqliteFile().getParent());
        Files.copy(Path.of(fromStore), config.sqliteFile(), StandardCopyOption.REPLACE_EXISTING);
        now = StoreFile.count(config.sqliteFile(), "SELECT max(created_at) FROM conversations");
        Log.info("store copied from %s", fromStore);
        seedCsat("jdbc:sqlite:" + config.sqliteFile()); // a copy kept before the bench seeded CSAT answers
        forgetRollup("jdbc:sqlite:" + config.sqliteFile());
      }
      return measure(flags, config, "jdbc:sqlite:" + config.sqliteFile(), false, now, readyTimeout);
    }
  }

  /** Starts the gateway once on the empty store, so that it makes the schema itself, and stops it. */
  private static void migrate(Flags flags, GatewayConfigFile config, Duration readyTimeout) throws Exception {
    try (GatewayProcess process = GatewayProcess.start(GatewayProcess.locateJar(flags), config,
        GatewayUnderTest.jvmOptions(flags))) {
      process.awaitReady(readyTimeout);
    }
  }

  /** Adds the satisfaction answers ({@link #CSAT}) unless the store has some already. */
  private static void seedCsat(String jdbcUrl) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM csat_surveys")) {
        if (rs.next() && rs.getLong(1) > 0) {
          return;
        }
      }
      long start = System.nanoTime();
      int answers = s.executeUpdate(CSAT);
      Log.info("seeded %d satisfaction answers (%.1f s)", answers, (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Empties the roll-up and its watermark, as in a store just upgraded to V12. The seeded rows carry their own
   * past {@code updated_at}, not the time they were written: a roll-up pass of the gateway that made the schema
   * may have moved the watermark past them, and the reports would then take their days for folded (the
   * gateway's own writes are stamped when written, so this happens only to rows written behind its back).
   */
  private static void forgetRollup(String jdbcUrl) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM report_days");
      s.executeUpdate("DELETE FROM report_hours");
      s.executeUpdate("UPDATE report_watermark SET watermark = 0 WHERE id = 1");
    }
  }

  private ResultLine measure(Flags flags, GatewayConfigFile config, String jdbcUrl, boolean postgres, long now,
      Duration readyTimeout) throws Exception {
    int runs = flags.integer("runs", 5);
    long total;
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM conversations")) {
      total = rs.next() ? rs.getLong(1) : 0;
    }
    Instant from = Instant.ofEpochMilli(now).minus(Duration.ofDays(31));
    Instant to = Instant.ofEpochMilli(now).plusSeconds(60);
    String range = "from=" + from + "&to=" + to;
    ResultLine line = ResultLine.of(name()).put("store", postgres ? "postgres" : "sqlite")
        .put("conversations", total).put("runs", runs);
    try (GatewayProcess process = GatewayProcess.start(GatewayProcess.locateJar(flags), config,
        GatewayUnderTest.jvmOptions(flags))) {
      process.awaitReady(readyTimeout);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      long rollupMs = awaitRollup(http, process.port(), readyTimeout);
      line.put("rollup_ms", rollupMs);
      Log.info("report roll-up caught up %d ms after ready (-1: this gateway has none), load %.2f", rollupMs,
          ProcStat.loadAverage());
      Map<String, long[]> timings = new LinkedHashMap<>();
      for (String report : REPORTS) {
        URI uri = URI.create("http://127.0.0.1:" + process.port() + "/api/reports/" + report
            + (report.endsWith("?") ? "" : "&") + range);
        long[] ms = new long[runs];
        int rows = 0;
        for (int r = -1; r < runs; r++) {
          long start = System.nanoTime();
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
              .header("Authorization", "Bearer " + GatewayConfigFile.ADMIN_TOKEN)
              .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofString());
          long took = (System.nanoTime() - start) / 1_000_000;
          if (response.statusCode() != 200) {
            return ResultLine.of(name()).put("status", "failed")
                .put("reason", report.replaceAll("[?=&]", "_") + "_answered_" + response.statusCode());
          }
          if (r >= 0) {
            ms[r] = took;
          }
          rows = response.body().split("\"group\"", -1).length - 1;
        }
        Arrays.sort(ms);
        timings.put(report, ms);
        Log.info("%-22s median %5d ms, slowest %5d ms (%d rows), load %.2f", report, ms[runs / 2], ms[runs - 1],
            rows, ProcStat.loadAverage());
      }
      timings.forEach((report, ms) -> {
        String key = report.replace("?groupBy=", "_").replace("?", "");
        line.put(key + "_ms", ms[ms.length / 2]).put(key + "_max_ms", ms[ms.length - 1]);
      });
      try (Connection c = DriverManager.getConnection(jdbcUrl)) {
        line.put("plans_indexed", ReportPlans.check(c, postgres, from.toEpochMilli(), to.toEpochMilli()));
      }
    }
    return line.put("load", String.format("%.2f", ProcStat.loadAverage())).put("status", "ok");
  }

  /**
   * Waits for the leader's first roll-up pass over the seeded store ({@code switchboard_reports_rollup_watermark}
   * above 0): the reports are measured as they run once the gateway has been up a while. Answers the wait in
   * milliseconds, or -1 at once for a gateway without the roll-up (the metric is absent).
   */
  private static long awaitRollup(HttpClient http, int port, Duration timeout) throws Exception {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    while (System.nanoTime() < deadline) {
      String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String gauge = body.lines().filter(l -> l.startsWith("switchboard_reports_rollup_watermark ")).findFirst()
          .orElse(null);
      if (gauge == null) {
        return -1;
      }
      if (Double.parseDouble(gauge.substring(gauge.indexOf(' ') + 1).trim()) > 0) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the report roll-up did not finish within " + timeout);
  }
}
