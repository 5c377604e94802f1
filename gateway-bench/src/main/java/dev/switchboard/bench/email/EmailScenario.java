package dev.switchboard.bench.email;

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
import dev.switchboard.bench.baseline.BareServer;
import dev.switchboard.bench.baseline.OkHttpServer;
import dev.switchboard.bench.net.ClientLoops;
import dev.switchboard.bench.net.HttpLoad;
import java.time.Duration;
import java.util.Optional;

/**
 * Mail in two ways. Raw MIME posted to {@code /email/inbound} in a closed loop (then the same posts to a
 * bare Netty server answering 200, as the ceiling). Then mails delivered to a mailbox ({@link BenchImapServer},
 * GreenMail unless {@code --imap-server=dovecot}) that the gateway reads over IMAP IDLE: messages/s from the
 * first delivery until the last is stored.
 */
public final class EmailScenario implements Scenario {

  private static final String ADDRESS = BenchImapServer.ADDRESS;
  private static final String STORED = "SELECT count(*) FROM messages WHERE channel = 'EMAIL' AND direction = 'IN'";

  @Override
  public String name() {
    return "email";
  }

  @Override
  public String usage() {
    return "--connections=8 --duration=15s --warmup=3s --senders=1000 --imap-server=greenmail|dovecot --imap-backlog=3000 --imap-mails=1000 "
        + "--imap-paced=300 --imap-rate=20 --imap-timeout=90s";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    int connections = flags.integer("connections", 8);
    Duration duration = flags.duration("duration", Duration.ofSeconds(15));
    Duration warmup = flags.duration("warmup", Duration.ofSeconds(3));
    int senders = flags.integer("senders", 1000);
    int imapMails = flags.integer("imap-mails", 1000);
    Duration imapTimeout = flags.duration("imap-timeout", Duration.ofSeconds(90));
    int backlogMails = flags.integer("imap-backlog", 3000);
    int pacedMails = flags.integer("imap-paced", 300);
    double pacedRate = flags.integer("imap-rate", 20);
    String run = Long.toString(System.currentTimeMillis(), 36);
    double loadAtStart = ProcStat.loadAverage();

    try (ClientLoops loops = new ClientLoops(flags.integer("client-threads", 0));
        TempDir dir = TempDir.create(name(), flags);
        BenchImapServer mailbox = BenchImapServer.start(flags, dir.path())) {
      int port = TempDir.freePort();
      GatewayConfigFile config = new GatewayConfigFile(port, dir.path(), 0, 1, false, null,
          new GatewayConfigFile.EmailSection(ADDRESS, mailbox.port(), ADDRESS, BenchImapServer.PASSWORD));
      ImapBacklog.Result backlog = null;
      GatewayProcess started;
      if (backlogMails > 0) {
        backlog = ImapBacklog.run(flags, mailbox, config, STORED, run, backlogMails, senders, ADDRESS,
            imapTimeout);
        started = backlog.gateway();
      } else {
        started = GatewayUnderTest.start(flags, config);
      }
      try (GatewayProcess process = started) {
        Optional<String> missing = GatewayUnderTest.missingRoute(port, "POST", InboundMails.PATH);
        if (missing.isPresent()) {
          return ResultLine.unavailable(name(), missing.get());
        }
        long storedBefore = StoreFile.count(config.sqliteFile(), STORED);
        InboundMails posts = new InboundMails(run + "g", port, senders, ADDRESS, 0);
        HttpLoad.Outcome warm = HttpLoad.run(loops.group(), port, connections, Long.MAX_VALUE, warmup, posts);
        long offset = warm.completed() + warm.failed() + connections;
        long cpu0 = ProcStat.cpuMicros(process.pid());
        HttpLoad.Outcome http = HttpLoad.run(loops.group(), port, connections, Long.MAX_VALUE, duration,
            posts.from(offset));
        long cpu1 = ProcStat.cpuMicros(process.pid());
        Log.info("gateway /email/inbound: %d accepted, %d failed in %.1f s = %.0f/s, p50 %.2f ms, p99 %.2f ms, %s",
            http.completed(), http.failed(), http.elapsed().toMillis() / 1000.0, http.perSecond(),
            http.latency().percentileMillis(50), http.latency().percentileMillis(99), http.statuses());
        if (http.completed() == 0) {
          return ResultLine.unavailable(name(), "no_mail_was_accepted:_statuses_" + http.statuses()
              + ";_gateway_log:_" + config.dataDir().resolve("gateway.log"));
        }
        HttpLoad.Outcome attached = HttpLoad.run(loops.group(), port, connections, Long.MAX_VALUE, duration,
            InboundMails.withAttachments(run + "a", port, senders, ADDRESS, 0));
        long cpu2 = ProcStat.cpuMicros(process.pid());
        Log.info("gateway /email/inbound, 22 KB with a PDF: %d accepted, %d failed in %.1f s = %.0f/s, p99 %.2f ms, %s",
            attached.completed(), attached.failed(), attached.elapsed().toMillis() / 1000.0, attached.perSecond(),
            attached.latency().percentileMillis(99), attached.statuses());
        long storedAfterHttp = StoreFile.count(config.sqliteFile(), STORED);
        long storedHttp = storedAfterHttp - storedBefore;

        ImapBurst.Result imap = ImapBurst.run(mailbox, config.sqliteFile(), STORED, run, imapMails, senders, ADDRESS,
            storedAfterHttp, imapTimeout);
        ImapArrivals.Result arrivals = pacedMails == 0 ? null : ImapArrivals.run(mailbox, config.sqliteFile(),
            STORED, run, pacedMails, pacedRate, senders, ADDRESS, StoreFile.count(config.sqliteFile(), STORED),
            imapTimeout);
        process.close();
        HttpLoad.Outcome baseline = baseline(loops, run, connections, senders, warmup, duration);
        ResultLine result = ResultLine.of(name())
            .put("throughput", http.perSecond())
            .put("p50_ms", http.latency().percentileMillis(50))
            .put("p99_ms", http.latency().percentileMillis(99))
            .put("errors", http.failed())
            .put("cpu_us_per_mail", cpuPerMail(cpu0, cpu1, http.completed()))
            .put("attachment_throughput", attached.perSecond())
            .put("attachment_p99_ms", attached.latency().percentileMillis(99))
            .put("attachment_errors", attached.failed())
            .put("attachment_cpu_us_per_mail", cpuPerMail(cpu1, cpu2, attached.completed()))
            .put("stored_http", storedHttp)
            .put("expected_http", warm.completed() + http.completed() + attached.completed())
            .put("baseline", baseline.perSecond())
            .put("ratio", http.perSecond() / Math.max(1e-9, baseline.perSecond()));
        if (imap.stored() < imapMails) {
          result.put("imap_status", "incomplete").put("imap_stored", imap.stored()).put("imap_mails", imapMails);
        } else {
          result.put("imap_throughput", imap.stored() / (imap.elapsed().toNanos() / 1e9))
              .put("imap_mails", imapMails)
              .put("imap_seconds", imap.elapsed().toMillis() / 1000.0);
        }
        if (arrivals != null) {
          result.put("imap_arrivals", arrivals.count())
              .put("imap_arrivals_stored", arrivals.stored())
              .put("imap_arrival_rate", pacedRate)
              .put("imap_arrival_to_row_p50_ms", arrivals.latency().percentileMillis(50))
              .put("imap_arrival_to_row_p99_ms", arrivals.latency().percentileMillis(99));
        }
        if (backlog != null) {
          backlog.putInto(result);
        }
        return result.put("connections", connections).put("duration_s", duration.toSeconds())
            .put("load_avg_start", loadAtStart);
      }
    }
  }

  private static double cpuPerMail(long before, long after, long mails) {
    return before < 0 || after < 0 || mails == 0 ? -1 : (double) (after - before) / mails;
  }

  /** The same posts against a bare Netty server answering 200, after the gateway stopped. */
  private static HttpLoad.Outcome baseline(ClientLoops loops, String run, int connections, int senders,
      Duration warmup, Duration duration) throws InterruptedException {
    try (BareServer ok = OkHttpServer.start()) {
      InboundMails posts = new InboundMails(run + "b", ok.port(), senders, ADDRESS, 0);
      HttpLoad.run(loops.group(), ok.port(), connections, Long.MAX_VALUE, warmup, posts);
      HttpLoad.Outcome baseline = HttpLoad.run(loops.group(), ok.port(), connections, Long.MAX_VALUE, duration, posts);
      Log.info("baseline: %d posts in %.1f s = %.0f/s", baseline.completed(),
          baseline.elapsed().toMillis() / 1000.0, baseline.perSecond());
      return baseline;
    }
  }
}
