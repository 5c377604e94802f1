package dev.switchboard.bench.incident;

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
import dev.switchboard.bench.chat.VisitorCrowd;
import dev.switchboard.bench.net.ClientLoops;
import dev.switchboard.bench.sms.IdempotentTwilioStandIn;
import dev.switchboard.bench.sms.SmsWebhooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Incident mode at scale: N conversations (half SMS from as many numbers, half chat) all say the internet
 * is down; an incident is opened over them ({@code matched == N}), its status text goes out, then one update
 * is posted. Measured: how long the update takes to queue (the 202), until every linked conversation has it
 * stored as sent, until every visitor still connected has it pushed; the SMS rate at the Twilio stand-in
 * against {@code channels.sms.sendsPerSecond}; and that each SMS conversation got it exactly once there.
 */
public final class IncidentScenario implements Scenario {

  static final String AUTH_TOKEN = "bench-twilio-auth-token";

  @Override
  public String name() {
    return "incident";
  }

  @Override
  public String usage() {
    return "--conversations=20000 --sends-per-second=100 --connected=2000 --in-flight=1000 --timeout=240s"
        + " (quick check: --conversations=2000)";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    IncidentSettings settings = IncidentSettings.from(flags);
    double loadAtStart = ProcStat.loadAverage();
    try (ClientLoops loops = new ClientLoops(flags.integer("client-threads", 0));
        TempDir dir = TempDir.create(name(), flags);
        IdempotentTwilioStandIn twilio = new IdempotentTwilioStandIn()) {
      int port = TempDir.freePort();
      GatewayConfigFile config = new GatewayConfigFile(port, dir.path(), 0, 1, true,
          new GatewayConfigFile.SmsSection(AUTH_TOKEN, twilio.baseUrl()).pacedAt(settings.sendsPerSecond()), null);
      try (GatewayProcess gateway = GatewayUnderTest.start(flags, config)) {
        for (String[] route : List.of(new String[] {"POST", SmsWebhooks.PATH}, new String[] {"GET", "/api/incidents"})) {
          Optional<String> missing = GatewayUnderTest.missingRoute(port, route[0], route[1]);
          if (missing.isPresent()) {
            return ResultLine.unavailable(name(), missing.get());
          }
        }
        Log.info("incident: %d conversations (%d sms, %d chat, %d chat visitors stay connected), sms paced at %.0f/s",
            settings.conversations(), settings.sms(), settings.chat(), settings.staying(), settings.sendsPerSecond());
        IncidentRun run = new IncidentRun(loops.group(), config, settings, () -> ProcStat.cpuMicros(gateway.pid()));
        IncidentRun.Seeded seeded = run.seed(AUTH_TOKEN);
        try (VisitorCrowd chat = seeded.chat(); OutboundTally tally = new OutboundTally(config.sqliteFile())) {
          IncidentRun.Opened opened = run.open(tally);
          IncidentRun.Updated updated = run.update(opened, tally, chat);
          UpdateSends sends = UpdateSends.of(twilio.requests(), IncidentRun.UPDATE_TEXT);
          Log.info("stand-in: %s", sends);
          long stored = StoreFile.count(config.sqliteFile(), "SELECT count(*) FROM messages WHERE direction = 'OUT'"
              + " AND body = '" + IncidentRun.UPDATE_TEXT.replace("'", "''") + "'");
          return result(settings, seeded, opened, updated, sends, stored, loadAtStart);
        }
      }
    }
  }

  private ResultLine result(IncidentSettings s, IncidentRun.Seeded seeded, IncidentRun.Opened opened,
      IncidentRun.Updated u, UpdateSends sends, long stored, double loadAtStart) {
    List<String> failed = new ArrayList<>();
    check(failed, seeded.sms() == s.sms(), "sms_seed_incomplete");
    check(failed, seeded.chat().acked() == s.chat(), "chat_seed_incomplete");
    check(failed, opened.matched() == s.conversations(), "matched_" + opened.matched() + "_of_" + s.conversations());
    check(failed, u.queued() == s.conversations(), "queued_" + u.queued() + "_of_" + s.conversations());
    check(failed, stored == s.conversations(), "stored_" + stored + "_of_" + s.conversations());
    check(failed, u.allSent().isPresent(), "not_all_sent_within_" + s.timeout().toSeconds() + "s");
    check(failed, u.pushedTo() >= u.connected() && u.connected() > 0,
        "pushed_to_" + u.pushedTo() + "_of_" + u.connected() + "_connected");
    check(failed, sends.exactlyOnce(s.sms()), "sms_not_exactly_once");
    // A generic cell rate may run a little ahead over a short window; well past the limit is no pacing.
    check(failed, sends.rate().ofLimit(s.sendsPerSecond()) <= 1.1, "sms_rate_above_the_limit");
    long cpu = u.cpuMicros();
    return ResultLine.of(name())
        .put("status", failed.isEmpty() ? "ok" : "failed")
        .put("reason", failed.isEmpty() ? "-" : String.join(",", failed))
        .put("conversations", s.conversations())
        .put("sms", s.sms())
        .put("chat", s.chat())
        .put("seed_s", seconds(Optional.of(seeded.took())))
        .put("matched", opened.matched())
        .put("open_ms", opened.took().toMillis())
        .put("status_sent_s", seconds(Optional.of(opened.statusSent())))
        .put("queued", u.queued())
        .put("queue_ms", u.queueTook().toMillis())
        .put("all_sent_s", seconds(u.allSent()))
        .put("sms_sent_s", seconds(u.smsSent()))
        .put("chat_sent_s", seconds(u.chatSent()))
        .put("pushed_s", seconds(u.pushed()))
        .put("pushed", u.pushedTo())
        .put("connected", u.connected())
        .put("stored", stored)
        .put("stored_sent", u.counts().sentTotal())
        .put("sms_rate", sends.rate().steadyPerSecond())
        .put("sms_rate_whole", sends.rate().wholePerSecond())
        .put("sends_per_second", s.sendsPerSecond())
        .put("rate_of_limit", sends.rate().ofLimit(s.sendsPerSecond()))
        .put("sms_deferrals", u.smsDeferrals())
        .put("sms_requests", sends.requests())
        .put("sms_tokens", sends.tokens())
        .put("sms_duplicates", sends.duplicateTokens())
        .put("cpu_us_per_update", cpu < 0 ? -1 : cpu / (double) s.conversations())
        .put("load_avg_start", loadAtStart)
        .put("load_avg_end", ProcStat.loadAverage());
  }

  private static void check(List<String> failed, boolean ok, String reason) {
    if (!ok) {
      failed.add(reason);
    }
  }

  /** Seconds with two decimals, or -1 for what never happened. */
  private static double seconds(Optional<Duration> d) {
    return d.map(x -> x.toMillis() / 1000.0).orElse(-1.0);
  }
}
