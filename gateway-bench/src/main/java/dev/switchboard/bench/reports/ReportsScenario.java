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
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each report over HTTP on a SQLite store of {@code --conversations} resolved conversations spread over the
 * last 30 days (the recovery scenario's seeder, with report facts), the range covering all of them: the
 * slowest case a 30-day report meets. Each report runs {@code --runs} times after one warm-up; the line
 * gives the median and the slowest, in milliseconds, as the client saw them (HTTP and JSON included).
 */
public final class ReportsScenario implements Scenario {

  private static final List<String> REPORTS = List.of("sla?groupBy=tier", "sla?groupBy=channel",
      "sla?groupBy=agent", "sla?groupBy=day", "volume?groupBy=day", "volume?groupBy=hour", "staffing?");

  @Override
  public String name() {
    return "reports";
  }

  @Override
  public String usage() {
    return "--conversations=1000000 --runs=5 [--save-store=FILE | --from-store=FILE]";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    int conversations = flags.integer("conversations", 1_000_000);
    int runs = flags.integer("runs", 5);
    Duration readyTimeout = flags.duration("ready-timeout", Duration.ofSeconds(600));
    try (TempDir dir = TempDir.create(name(), flags)) {
      GatewayConfigFile config = new GatewayConfigFile(TempDir.freePort(), dir.path(), 1, 10, false, null, null);
      String fromStore = flags.string("from-store", "");
      long now;
      if (fromStore.isEmpty()) {
        try (GatewayProcess process = GatewayProcess.start(GatewayProcess.locateJar(flags), config,
            GatewayUnderTest.jvmOptions(flags))) {
          process.awaitReady(readyTimeout); // the schema, migrated by the gateway itself
        }
        now = System.currentTimeMillis();
        Log.info("seeding %d conversations with report facts", conversations);
        StoreSeeder.seed(config.sqliteFile(), conversations, 0, now, true);
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
      }
      long total = StoreFile.count(config.sqliteFile(), "SELECT count(*) FROM conversations");
      String range = "from=" + Instant.ofEpochMilli(now).minus(Duration.ofDays(31)) + "&to="
          + Instant.ofEpochMilli(now).plusSeconds(60);

      ResultLine line = ResultLine.of(name()).put("conversations", total).put("runs", runs);
      try (GatewayProcess process = GatewayProcess.start(GatewayProcess.locateJar(flags), config,
          GatewayUnderTest.jvmOptions(flags))) {
        process.awaitReady(readyTimeout);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long rollupMs = awaitRollup(http, process.port(), readyTimeout);
        line.put("rollup_ms", rollupMs);
        Log.info("report roll-up caught up %d ms after ready (-1: this gateway has none)", rollupMs);
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
      }
      return line.put("load", String.format("%.2f", ProcStat.loadAverage())).put("status", "ok");
    }
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
