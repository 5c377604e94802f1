package dev.switchboard.bench.sms;

import dev.switchboard.bench.CpuTime;
import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.GatewayUnderTest;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ProcStat;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Senders;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.SearchIndexProbe;
import dev.switchboard.bench.StoreFile;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.WarmUp;
import dev.switchboard.bench.baseline.BareServer;
import dev.switchboard.bench.baseline.OkHttpServer;
import dev.switchboard.bench.net.Arrivals;
import dev.switchboard.bench.net.ClientLoops;
import dev.switchboard.bench.net.HttpLoad;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Signed Twilio inbound webhooks, each a new MessageSid, over keep-alive connections, closed loop or arriving
 * at a fixed rate ({@code --rate}), from reused senders or every conversation a new sender with its follow-ups
 * ({@code --new-senders}): first against a bare Netty server answering 200 (the ceiling), then against the
 * gateway, which verifies the signature, stores each message and answers with empty TwiML only after the commit.
 * With {@code --pad-mb=N} the gateway's fresh store is first grown by N MB of a table it never reads
 * ({@link StoreFile#pad}): 1100 puts it past 1 GiB, as a desk's store of some months is.
 */
public final class SmsScenario implements Scenario {

  private static final String AUTH_TOKEN = "bench-twilio-auth-token";

  @Override
  public String name() {
    return "sms";
  }

  @Override
  public String usage() {
    return "--connections=16 --duration=20s --warmup=5s --warmup-max=60s --senders=1000 --max-requests=2000000"
        + " --rate=0 (closed loop; N: webhooks/s) --new-senders --follow-ups=0 --follow-up-after=1s"
        + " --pad-mb=0 (N: the fresh store grown by N MB first)";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    int connections = flags.integer("connections", 16);
    Duration duration = flags.duration("duration", Duration.ofSeconds(20));
    WarmUp warmUp = new WarmUp(flags.duration("warmup", Duration.ofSeconds(5)),
        flags.duration("warmup-max", Duration.ofSeconds(60)), WarmUp.SLICE);
    int rate = flags.integer("rate", 0);
    WebhookLoad.Pace pace = rate > 0
        ? new WebhookLoad.FixedRate(connections, new Arrivals(rate))
        : new WebhookLoad.ClosedLoop(connections, flags.integer("max-requests", 2_000_000));
    Senders senders = senders(flags, rate);
    int padMb = flags.integer("pad-mb", 0);

    double loadAtStart = ProcStat.loadAverage();
    try (ClientLoops loops = new ClientLoops(flags.integer("client-threads", 0));
        TempDir dir = TempDir.create(name(), flags)) {
      HttpLoad.Outcome baseline;
      try (BareServer ok = OkHttpServer.start()) {
        Log.info("baseline: bare Netty HTTP 200 on port %d, %s, %s, warm-up %s to %s, run %s", ok.port(), pace,
            senders, warmUp.minimum(), warmUp.maximum(), duration);
        WebhookLoad load = new WebhookLoad(loops.group(), ok.port(), pace,
            new SmsWebhooks(AUTH_TOKEN, "http://127.0.0.1:" + ok.port(), ok.port(), senders));
        Log.info("baseline: %s", warmUp.run(load::run, List.of(WarmUp::ownCpu)).describe());
        baseline = load.run(duration);
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
      long storePages = grow(flags, config, padMb);
      try (GatewayProcess process = GatewayUnderTest.start(flags, config)) {
        Optional<String> missing = GatewayUnderTest.missingRoute(port, "POST", SmsWebhooks.PATH);
        if (missing.isPresent()) {
          return ResultLine.unavailable(name(), missing.get());
        }
        Log.info("gateway: %s, %s, warm-up %s to %s, run %s", pace, senders, warmUp.minimum(), warmUp.maximum(),
            duration);
        WebhookLoad load = new WebhookLoad(loops.group(), port, pace,
            new SmsWebhooks(AUTH_TOKEN, config.publicUrl(), port, senders));
        warmedUp = warmUp.run(load::run, List.of(() -> CpuTime.of(process.pid()), WarmUp::ownCpu));
        Log.info("gateway: %s", warmedUp.describe());
        warmupCompleted = load.completed();
        // The index work is counted for the messages measured: the warm-up's is done before, theirs after.
        SearchIndexProbe index = new SearchIndexProbe(port);
        index.settle(SearchIndexProbe.TIMEOUT);
        CpuTime cpuBefore = CpuTime.of(process.pid());
        gateway = load.run(duration);
        searchIndex = index.settle(SearchIndexProbe.TIMEOUT);
        cpu = CpuTime.of(process.pid()).since(cpuBefore);
        Log.info("gateway: %s", describe(gateway));
        if (gateway.completed() == 0) {
          return ResultLine.unavailable(name(), "no_webhook_was_accepted:_statuses_" + gateway.statuses()
              + ";_gateway_log:_" + config.dataDir().resolve("gateway.log"));
        }
      }
      long stored = StoreFile.count(config.sqliteFile(), "SELECT count(*) FROM messages WHERE channel = 'SMS'");
      long conversations = StoreFile.count(config.sqliteFile(),
          "SELECT count(*) FROM conversations WHERE channel = 'SMS'");
      return ResultLine.of(name())
          .put("throughput", gateway.perSecond())
          .put("p50_ms", gateway.latency().percentileMillis(50))
          .put("p99_ms", gateway.latency().percentileMillis(99))
          .put("p999_ms", gateway.latency().percentileMillis(99.9))
          .put("errors", gateway.failed())
          .put("cpu_us_per_msg", cpu.totalPer(gateway.completed()))
          .put("jit_us_per_msg", cpu.compilerPer(gateway.completed()))
          .put("faults_per_msg", cpu.faultsPer(gateway.completed()))
          .put("search_pending_at_end", searchIndex.pendingAtEnd())
          .put("search_catchup_ms", searchIndex.catchUpMillis())
          .put("stored", stored)
          .put("expected_stored", warmupCompleted + gateway.completed())
          .put("conversations", conversations)
          .put("baseline", baseline.perSecond())
          .put("baseline_p50_ms", baseline.latency().percentileMillis(50))
          .put("baseline_p99_ms", baseline.latency().percentileMillis(99))
          .put("baseline_p999_ms", baseline.latency().percentileMillis(99.9))
          .put("baseline_errors", baseline.failed())
          .put("ratio", gateway.perSecond() / baseline.perSecond())
          .put("load_avg_start", loadAtStart)
          .put("warmup_s", warmedUp.took().toMillis() / 1000.0)
          .put("warmup_settled", String.valueOf(warmedUp.settled()))
          .put("rate", rate)
          .put("senders", senders instanceof Senders.New ? "new" : "reused")
          .put("follow_ups", senders instanceof Senders.New n ? n.followUps() : 0)
          .put("connections", connections)
          .put("pad_mb", padMb)
          .put("store_pages_at_start", storePages)
          .put("duration_s", duration.toSeconds());
    }
  }

  /**
   * With {@code padMb} above 0, starts the gateway once so that it creates its store, then grows the store by
   * that much ({@link StoreFile#pad}); answers the store's pages (0 when it is left to the gateway to create).
   */
  private static long grow(Flags flags, GatewayConfigFile config, int padMb) throws Exception {
    if (padMb <= 0) {
      return 0;
    }
    try (GatewayProcess first = GatewayUnderTest.start(flags, config)) {
      Log.info("pad: the gateway created its store (pid %d)", first.pid());
    }
    long pages = StoreFile.pad(config.sqliteFile(), padMb);
    Log.info("pad: the store grown by %d MB to %d pages", padMb, pages);
    return pages;
  }

  /**
   * {@code --senders} reused ones, or with {@code --new-senders} a new one per conversation, sending
   * {@code --follow-ups} more, each {@code --follow-up-after} the one before at the fixed rate.
   */
  private static Senders senders(Flags flags, int rate) {
    int reused = flags.integer("senders", 1000);
    int followUps = flags.integer("follow-ups", 0);
    Duration after = flags.duration("follow-up-after", Duration.ofSeconds(1));
    if (!flags.bool("new-senders")) {
      if (followUps != 0) {
        throw new IllegalArgumentException("--follow-ups=" + followUps + " (expected: with --new-senders)");
      }
      return new Senders.Reused(reused);
    }
    if (followUps > 0 && rate <= 0) {
      throw new IllegalArgumentException("--follow-ups=" + followUps + " (expected: with --rate, which spaces them)");
    }
    return new Senders.New(followUps, (int) Math.max(1, Math.round(rate * (after.toNanos() / 1e9))));
  }

  static String describe(HttpLoad.Outcome o) {
    return String.format("%d ok, %d failed in %.1f s = %.0f/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, statuses %s",
        o.completed(), o.failed(), o.elapsed().toMillis() / 1000.0, o.perSecond(),
        o.latency().percentileMillis(50), o.latency().percentileMillis(99), o.latency().percentileMillis(99.9),
        o.statuses());
  }
}
