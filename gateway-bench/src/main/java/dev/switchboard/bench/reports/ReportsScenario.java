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
    return "--conversations=1000000 --runs=5";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    int conversations = flags.integer("conversations", 1_000_000);
    int runs = flags.integer("runs", 5);
    Duration readyTimeout = flags.duration("ready-timeout", Duration.ofSeconds(600));
    try (TempDir dir = TempDir.create(name(), flags)) {
      GatewayConfigFile config = new GatewayConfigFile(TempDir.freePort(), dir.path(), 1, 10, false, null, null);
      try (GatewayProcess process = GatewayProcess.start(GatewayProcess.locateJar(flags), config,
          GatewayUnderTest.jvmOptions(flags))) {
        process.awaitReady(readyTimeout); // the schema, migrated by the gateway itself
      }
      long now = System.currentTimeMillis();
      Log.info("seeding %d conversations with report facts", conversations);
      StoreSeeder.seed(config.sqliteFile(), conversations, 0, now, true);
      long total = StoreFile.count(config.sqliteFile(), "SELECT count(*) FROM conversations");
      String range = "from=" + Instant.ofEpochMilli(now).minus(Duration.ofDays(31)) + "&to="
          + Instant.ofEpochMilli(now).plusSeconds(60);

      ResultLine line = ResultLine.of(name()).put("conversations", total).put("runs", runs);
      try (GatewayProcess process = GatewayProcess.start(GatewayProcess.locateJar(flags), config,
          GatewayUnderTest.jvmOptions(flags))) {
        process.awaitReady(readyTimeout);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
}
