package dev.switchboard.bench.surge;

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
import dev.switchboard.bench.email.InboundMails;
import dev.switchboard.bench.net.ClientLoops;
import dev.switchboard.bench.net.HttpLoad;
import dev.switchboard.bench.sms.SmsWebhooks;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * An outage's flood: {@code --conversations} new conversations arrive while no agent is signed in (a share
 * of them urgent, vip by a rule on their text), then {@code --agents} agents sign in at once and drain the
 * queue, accepting every offer and resolving at once. Measures intake, sign-in under the backlog, time to
 * the first offer, the drain rate, whether any urgent conversation was offered after standard ones started
 * flowing, the gateway's CPU time per conversation, and that every conversation was stored and resolved.
 */
public final class SurgeScenario implements Scenario {

  static final String AUTH_TOKEN = "bench-twilio-auth-token";
  static final String ADDRESS = "support@bench.test";

  @Override
  public String name() {
    return "surge";
  }

  @Override
  public String usage() {
    return "--channel=sms|chat|email --conversations=20000 --agents=200 --capacity=3 --urgent-every=10"
        + " --connections=16 --sign-in-over=0s --handle=0s --measure=0s --timeout=600s";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    SurgeIntake.Channel channel = SurgeIntake.Channel.valueOf(flags.string("channel", "sms").toUpperCase(Locale.ROOT));
    int conversations = flags.integer("conversations", 20_000);
    int agents = flags.integer("agents", 200);
    int capacity = flags.integer("capacity", 3);
    int urgentEvery = flags.integer("urgent-every", 10);
    int connections = flags.integer("connections", 16);
    Duration signInOver = flags.duration("sign-in-over", Duration.ZERO);
    Duration handle = flags.duration("handle", Duration.ZERO);
    Duration measure = flags.duration("measure", Duration.ZERO);
    Duration timeout = flags.duration("timeout", Duration.ofSeconds(600));
    double loadAtStart = ProcStat.loadAverage();
    Log.info("surge: %d %s conversations (every %dth urgent), then %d agents of capacity %d; load average %.2f",
        conversations, channel, urgentEvery, agents, capacity, loadAtStart);

    try (ClientLoops loops = new ClientLoops(flags.integer("client-threads", 0));
        TempDir dir = TempDir.create(name(), flags)) {
      int port = TempDir.freePort();
      GatewayConfigFile config = new GatewayConfigFile(port, dir.path(), agents, capacity,
          channel == SurgeIntake.Channel.CHAT,
          channel == SurgeIntake.Channel.SMS ? new GatewayConfigFile.SmsSection(AUTH_TOKEN) : null,
          channel == SurgeIntake.Channel.EMAIL ? new GatewayConfigFile.EmailSection(ADDRESS, 0, null, null) : null,
          GatewayConfigFile.Tiers.URGENT_VIP);
      ResultLine result = ResultLine.of(name()).put("channel", channel.name().toLowerCase(Locale.ROOT))
          .put("conversations", conversations).put("agents", agents).put("capacity", capacity)
          .put("load_avg_start", loadAtStart);
      SurgeDesk.Outcome desk;
      long cpuIntake;
      long cpuDrain;
      long queued;
      long leftInQueue;
      try (GatewayProcess gateway = GatewayUnderTest.start(flags, config)) {
        Optional<String> missing = missingRoute(channel, port);
        if (missing.isPresent()) {
          return ResultLine.unavailable(name(), missing.get());
        }
        QueueProbe queue = new QueueProbe(port);
        long cpu0 = ProcStat.cpuMicros(gateway.pid());
        HttpLoad.Outcome intake = new SurgeIntake(loops.group(), config, urgentEvery)
            .send(channel, conversations, connections, timeout);
        Log.info("intake: %d ok, %d failed in %.1f s = %.0f/s, p99 %.1f ms, statuses %s", intake.completed(),
            intake.failed(), intake.elapsed().toMillis() / 1000.0, intake.perSecond(),
            intake.latency().percentileMillis(99), intake.statuses());
        queued = queue.awaitTotal(intake.completed(), timeout);
        long cpu1 = ProcStat.cpuMicros(gateway.pid());
        Log.info("queue holds %d; signing in %d agents", queued, agents);
        SurgeDesk surgeDesk = new SurgeDesk((int) queued, handle);
        try {
          desk = surgeDesk.drain(loops.group(), URI.create("ws://127.0.0.1:" + port + "/agent/ws"), agents,
              signInOver, measure, timeout);
        } finally {
          surgeDesk.close();
        }
        long cpu2 = ProcStat.cpuMicros(gateway.pid());
        leftInQueue = queue.total();
        cpuIntake = cpu1 - cpu0;
        cpuDrain = cpu2 - cpu1;
        result.put("intake_per_s", intake.perSecond())
            .put("intake_p99_ms", intake.latency().percentileMillis(99))
            .put("intake_errors", intake.failed());
      }
      long stored = StoreFile.count(config.sqliteFile(), "SELECT count(*) FROM conversations");
      long storedResolved = StoreFile.count(config.sqliteFile(),
          "SELECT count(*) FROM conversations WHERE status = 'RESOLVED'");
      double drainSeconds = (desk.lastResolvedNanos() - desk.firstReadyNanos()) / 1e9;
      // A drain must resolve everything; a desk at work for --measure only has to lose nothing and err nowhere.
      boolean complete = measure.isZero()
          ? stored == conversations && queued == conversations && desk.resolved() == conversations
              && storedResolved == conversations && leftInQueue == 0
          : stored == conversations && queued == conversations && desk.errors() == 0 && desk.offersTwice() == 0
              && storedResolved == desk.resolved();
      return result
          .put("queued", queued)
          .put("ready_p50_ms", desk.ready().percentileMillis(50))
          .put("ready_p99_ms", desk.ready().percentileMillis(99))
          .put("ready_max_ms", desk.ready().maxMicros() / 1000.0)
          .put("sign_in_over_s", signInOver.toMillis() / 1000.0)
          .put("handle_s", handle.toMillis() / 1000.0)
          .put("measure_s", measure.toMillis() / 1000.0)
          .put("accept_p50_ms", desk.accept().percentileMillis(50))
          .put("accept_p99_ms", desk.accept().percentileMillis(99))
          .put("resolve_p99_ms", desk.resolve().percentileMillis(99))
          .put("first_offer_ms", desk.firstOfferNanos() == 0 ? -1
              : Math.max(0, desk.firstOfferNanos() - desk.firstReadyNanos()) / 1e6)
          .put("drain_s", drainSeconds)
          .put("drain_per_s", desk.resolved() / Math.max(1e-9, drainSeconds))
          .put("offers", desk.offers())
          .put("accepted", desk.accepted())
          .put("resolved", desk.resolved())
          .put("urgent_offers", desk.urgentOffers())
          .put("urgent_after_standard", desk.urgentAfterStandard())
          .put("urgent_after_standard_seen", desk.urgentAfterStandardSeen())
          .put("offers_twice", desk.offersTwice())
          .put("desk_errors", desk.errors())
          .put("not_available_at_ready", desk.notAvailable())
          .put("left_in_queue", leftInQueue)
          .put("stored", stored)
          .put("stored_resolved", storedResolved)
          .put("cpu_us_per_conversation", (cpuIntake + cpuDrain) / (double) conversations)
          .put("cpu_us_intake", cpuIntake / (double) conversations)
          .put("cpu_us_drain", cpuDrain / (double) conversations)
          .put("status", complete ? "ok" : "incomplete");
    }
  }

  private static Optional<String> missingRoute(SurgeIntake.Channel channel, int port) throws Exception {
    return switch (channel) {
      case SMS -> GatewayUnderTest.missingRoute(port, "POST", SmsWebhooks.PATH);
      case EMAIL -> GatewayUnderTest.missingRoute(port, "POST", InboundMails.PATH);
      case CHAT -> Optional.empty();
    };
  }
}
