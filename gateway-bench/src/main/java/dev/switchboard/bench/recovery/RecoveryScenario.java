package dev.switchboard.bench.recovery;

import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.GatewayUnderTest;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ProcStat;
import dev.switchboard.bench.QueueProbe;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.StoreFile;
import dev.switchboard.bench.TempDir;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Time from starting the gateway process to ready with a large store: first with an empty store (the
 * baseline: JVM start, migration, channels), then with {@code --conversations} stored, of which
 * {@code --waiting} are queued. Ready means both {@code /health/ready} and the rebuilt queue: the run waits
 * until {@code GET /api/queue?limit=0} reports every queued conversation ({@code queue_ms}), so a gateway that
 * answered ready before its router held the queue would show here; then the whole list is fetched once
 * ({@code whole_list_ms}: every waiting entry as JSON, which is not part of a start). Defaults are a tenth of
 * the full size so that the run fits in two minutes; {@code --conversations=1000000 --waiting=100000} is the full run. With
 * {@code --seeded-stores=DIR} the seeded store is kept there and later runs start from a copy of it
 * ({@link SeededStores}): their conversations were queued when it was seeded, so their first responses are
 * overdue, the same for every run that shares the copy.
 */
public final class RecoveryScenario implements Scenario {

  @Override
  public String name() {
    return "recovery";
  }

  @Override
  public String usage() {
    return "--conversations=100000 --waiting=10000 (full size: --conversations=1000000 --waiting=100000) "
        + "[--seeded-stores=DIR: keep the seeded store there and start later runs from a copy]";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    int conversations = flags.integer("conversations", 100_000);
    int waiting = flags.integer("waiting", 10_000);
    Duration readyTimeout = flags.duration("ready-timeout", Duration.ofSeconds(600));
    try (TempDir dir = TempDir.create(name(), flags)) {
      GatewayConfigFile config = new GatewayConfigFile(TempDir.freePort(), dir.path(), 1, 10, false, null, null);
      Restart empty;
      // The first start creates the schema (Flyway) and is the baseline: a store with nothing to recover.
      try (GatewayProcess process = GatewayProcess.start(GatewayProcess.locateJar(flags), config,
          GatewayUnderTest.jvmOptions(flags))) {
        empty = Restart.await(process, 0, readyTimeout);
        Log.info("empty store: ready after %d ms", empty.ready().toMillis());
      }

      Log.info("seeding %d conversations, %d waiting, into %s", conversations, waiting, config.sqliteFile());
      long seedStart = System.nanoTime();
      String keptStores = flags.string("seeded-stores", null);
      if (keptStores == null) {
        StoreSeeder.seed(config.sqliteFile(), conversations, waiting, System.currentTimeMillis());
      } else {
        new SeededStores(Path.of(keptStores)).fill(config.sqliteFile(), conversations, waiting,
            System.currentTimeMillis());
      }
      Duration seeding = Duration.ofNanos(System.nanoTime() - seedStart);
      long queued = StoreFile.count(config.sqliteFile(), "SELECT count(*) FROM conversations WHERE status = 'QUEUED'");
      long total = StoreFile.count(config.sqliteFile(), "SELECT count(*) FROM conversations");
      Log.info("seeded in %.1f s: %d conversations, %d queued", seeding.toMillis() / 1000.0, total, queued);

      Restart full;
      try (GatewayProcess process = GatewayProcess.start(GatewayProcess.locateJar(flags), config,
          GatewayUnderTest.jvmOptions(flags))) {
        full = Restart.await(process, queued, readyTimeout);
        Log.info("%d conversations, %d waiting: ready after %d ms, the queue held %d after %d ms (%.0f ms CPU); "
            + "the whole list then took %d ms", total, queued, full.ready().toMillis(), full.queueTotal(),
            full.queued().toMillis(), full.cpuMillis(), full.wholeList().toMillis());
      }
      return ResultLine.of(name())
          .put("conversations", total)
          .put("waiting", queued)
          .put("ready_ms", full.ready().toMillis())
          .put("queue_ms", full.queued().toMillis())
          .put("queue_total", full.queueTotal())
          .put("cpu_ms", full.cpuMillis())
          .put("whole_list_ms", full.wholeList().toMillis())
          .put("baseline", empty.queued().toMillis())
          .put("ratio", full.queued().toMillis() / (double) Math.max(1, empty.queued().toMillis()))
          .put("status", full.queueTotal() == queued ? "ok" : "incomplete")
          .put("seed_s", seeding.toMillis() / 1000.0)
          .put("db_mb", java.nio.file.Files.size(config.sqliteFile()) / (1024.0 * 1024.0));
    }
  }

  /**
   * One start: time to {@code /health/ready}, time until {@code /api/queue} holds {@code expected}, the total
   * it held then, the process CPU spent until then, and then how long the whole list took to fetch (every
   * waiting entry as JSON, the first time: after, not in, the start's figures).
   */
  private record Restart(Duration ready, Duration queued, long queueTotal, double cpuMillis, Duration wholeList) {

    static Restart await(GatewayProcess process, long expected, Duration timeout) throws Exception {
      Duration ready = process.awaitReady(timeout);
      QueueProbe probe = new QueueProbe(process.port());
      long total = probe.awaitTotal(expected, timeout);
      Duration queued = process.sinceStart();
      double cpu = ProcStat.cpuMicros(process.pid()) / 1000.0;
      return new Restart(ready, queued, total, cpu, probe.wholeListTime());
    }
  }
}
