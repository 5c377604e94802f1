package dev.switchboard.bench.sms;

import dev.switchboard.bench.CpuTime;
import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.GatewayUnderTest;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ProcStat;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.SearchIndexProbe;
import dev.switchboard.bench.StoreFile;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.WarmUp;
import dev.switchboard.bench.baseline.BareServer;
import dev.switchboard.bench.baseline.OkHttpServer;
import dev.switchboard.bench.net.ClientLoops;
import dev.switchboard.bench.net.HttpLoad;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signed Twilio inbound webhooks, each a new MessageSid, closed loop over keep-alive connections: first
 * against a bare Netty server answering 200 (the ceiling), then against the gateway, which verifies the
 * signature, stores each message and answers with empty TwiML only after the commit.
 */
public final class SmsScenario implements Scenario {

  private static final String AUTH_TOKEN = "bench-twilio-auth-token";

  @Override
  public String name() {
    return "sms";
  }

  @Override
  public String usage() {
    return "--connections=16 --duration=20s --warmup=5s --warmup-max=60s --senders=1000 --max-requests=2000000";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    int connections = flags.integer("connections", 16);
    Duration duration = flags.duration("duration", Duration.ofSeconds(20));
    WarmUp warmUp = new WarmUp(flags.duration("warmup", Duration.ofSeconds(5)),
        flags.duration("warmup-max", Duration.ofSeconds(60)), WarmUp.SLICE);
    int senders = flags.integer("senders", 1000);
    long maxRequests = flags.integer("max-requests", 2_000_000);

    double loadAtStart = ProcStat.loadAverage();
    try (ClientLoops loops = new ClientLoops(flags.integer("client-threads", 0));
        TempDir dir = TempDir.create(name(), flags)) {
      HttpLoad.Outcome baseline;
      try (BareServer ok = OkHttpServer.start()) {
        String url = "http://127.0.0.1:" + ok.port();
        Log.info("baseline: bare Netty HTTP 200 on port %d, %d connections, warm-up %s to %s, run %s",
            ok.port(), connections, warmUp.minimum(), warmUp.maximum(), duration);
        Log.info("baseline: %s", warmUp(warmUp, loops, ok.port(), connections, maxRequests,
            new SmsWebhooks(AUTH_TOKEN, url, ok.port(), senders), List.of(WarmUp::ownCpu)).outcome().describe());
        baseline = HttpLoad.run(loops.group(), ok.port(), connections, maxRequests, duration,
            new SmsWebhooks(AUTH_TOKEN, url, ok.port(), senders));
        Log.info("baseline: %s", describe(baseline));
      }

      int port = TempDir.freePort();
      GatewayConfigFile config = new GatewayConfigFile(port, dir.path(), 0, 1,
          false, new GatewayConfigFile.SmsSection(AUTH_TOKEN), null);
      HttpLoad.Outcome gateway;
      long warmupCompleted;
      WarmUp.Outcome warmedUp;
      CpuTime cpu;
      SearchIndexProbe.Settled searchIndex;
      try (GatewayProcess process = GatewayUnderTest.start(flags, config)) {
        Optional<String> missing = GatewayUnderTest.missingRoute(port, "POST", SmsWebhooks.PATH);
        if (missing.isPresent()) {
          return ResultLine.unavailable(name(), missing.get());
        }
        Log.info("gateway: %d connections, warm-up %s to %s, run %s", connections, warmUp.minimum(),
            warmUp.maximum(), duration);
        SmsWebhooks webhooks = new SmsWebhooks(AUTH_TOKEN, config.publicUrl(), port, senders);
        Warmed warm = warmUp(warmUp, loops, port, connections, maxRequests, webhooks,
            List.of(() -> CpuTime.of(process.pid()), WarmUp::ownCpu));
        Log.info("gateway: %s", warm.outcome().describe());
        warmedUp = warm.outcome();
        warmupCompleted = warm.completed();
        // The index work is counted for the messages measured: the warm-up's is done before, theirs after.
        SearchIndexProbe index = new SearchIndexProbe(port);
        index.settle(SearchIndexProbe.TIMEOUT);
        // Request numbers go on from the warm-up, so that every MessageSid is new.
        CpuTime cpuBefore = CpuTime.of(process.pid());
        gateway = HttpLoad.run(loops.group(), port, connections, maxRequests, duration,
            n -> webhooks.request(n + warm.issued()));
        searchIndex = index.settle(SearchIndexProbe.TIMEOUT);
        cpu = CpuTime.of(process.pid()).since(cpuBefore);
        Log.info("gateway: %s", describe(gateway));
        if (gateway.completed() == 0) {
          return ResultLine.unavailable(name(), "no_webhook_was_accepted:_statuses_" + gateway.statuses()
              + ";_gateway_log:_" + config.dataDir().resolve("gateway.log"));
        }
      }
      long stored = StoreFile.count(config.sqliteFile(), "SELECT count(*) FROM messages WHERE channel = 'SMS'");
      return ResultLine.of(name())
          .put("throughput", gateway.perSecond())
          .put("p50_ms", gateway.latency().percentileMillis(50))
          .put("p99_ms", gateway.latency().percentileMillis(99))
          .put("errors", gateway.failed())
          .put("cpu_us_per_msg", cpu.totalPer(gateway.completed()))
          .put("jit_us_per_msg", cpu.compilerPer(gateway.completed()))
          .put("search_pending_at_end", searchIndex.pendingAtEnd())
          .put("search_catchup_ms", searchIndex.catchUpMillis())
          .put("stored", stored)
          .put("expected_stored", warmupCompleted + gateway.completed())
          .put("baseline", baseline.perSecond())
          .put("baseline_p50_ms", baseline.latency().percentileMillis(50))
          .put("baseline_p99_ms", baseline.latency().percentileMillis(99))
          .put("ratio", gateway.perSecond() / baseline.perSecond())
          .put("load_avg_start", loadAtStart)
          .put("warmup_s", warmedUp.took().toMillis() / 1000.0)
          .put("warmup_settled", String.valueOf(warmedUp.settled()))
          .put("connections", connections)
          .put("duration_s", duration.toSeconds());
    }
  }

  /** What a warm-up sent: the requests completed, and a number past every request it may have issued. */
  private record Warmed(WarmUp.Outcome outcome, long completed, long issued) {}

  /**
   * Webhooks until the JIT compilers of {@code watched} have settled ({@link WarmUp}), one {@link HttpLoad} run per
   * slice; request numbers go on from slice to slice, so that every MessageSid is new.
   */
  private static Warmed warmUp(WarmUp warmUp, ClientLoops loops, int port, int connections, long maxRequests,
      SmsWebhooks webhooks, List<Supplier<CpuTime>> watched) throws Exception {
    long[] completed = {0};
    long[] issued = {0};
    WarmUp.Outcome outcome = warmUp.run(slice -> {
      long from = issued[0];
      HttpLoad.Outcome o = HttpLoad.run(loops.group(), port, connections, maxRequests, slice,
          n -> webhooks.request(n + from));
      completed[0] += o.completed();
      // A connection may have issued one more request than completed or failed when the slice ended.
      issued[0] += o.completed() + o.failed() + connections;
    }, watched);
    return new Warmed(outcome, completed[0], issued[0]);
  }

  static String describe(HttpLoad.Outcome o) {
    return String.format("%d ok, %d failed in %.1f s = %.0f/s, p50 %.2f ms, p99 %.2f ms, statuses %s",
        o.completed(), o.failed(), o.elapsed().toMillis() / 1000.0, o.perSecond(),
        o.latency().percentileMillis(50), o.latency().percentileMillis(99), o.statuses());
  }
}
