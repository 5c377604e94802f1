package dev.switchboard.bench.email;

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
 * Mail in two ways. Raw MIME posted to {@code /email/inbound} in a closed loop, each kind (typical, with a PDF)
 * after a {@link WarmUp} that lasts until the JIT compilers settled (then the same posts to a
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
    return "--connections=8 --duration=15s --warmup=3s --warmup-max=60s --senders=1000 --imap-server=greenmail|dovecot --imap-backlog=3000 --imap-mails=1000 "
        + "--imap-paced=300 --imap-rate=20 --imap-timeout=90s";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    int connections = flags.integer("connections", 8);
    Duration duration = flags.duration("duration", Duration.ofSeconds(15));
    WarmUp warmUp = WarmUp.from(flags);
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
        List<Supplier<CpuTime>> watched = List.of(() -> CpuTime.of(process.pid()), WarmUp::ownCpu);
        PostRuns posts = new PostRuns(loops.group(), port, connections,
            new InboundMails(run + "g", port, senders, ADDRESS, 0));
        WarmUp.Outcome warmedUp = warmUp.run(posts::run, watched);
        Log.info("gateway /email/inbound: %s", warmedUp.describe());
        // As in sms: the index work is counted for the mails measured, the warm-up's is done before.
        SearchIndexProbe index = new SearchIndexProbe(port);
        index.settle(SearchIndexProbe.TIMEOUT);
        CpuTime cpu0 = CpuTime.of(process.pid());
        HttpLoad.Outcome http = posts.run(duration);
        SearchIndexProbe.Settled searchIndex = index.settle(SearchIndexProbe.TIMEOUT);
        CpuTime typicalCpu = CpuTime.of(process.pid()).since(cpu0);
        Log.info("gateway /email/inbound: %d accepted, %d failed in %.1f s = %.0f/s, p50 %.2f ms, p99 %.2f ms, %s",
            http.completed(), http.failed(), http.elapsed().toMillis() / 1000.0, http.perSecond(),
            http.latency().percentileMillis(50), http.latency().percentileMillis(99), http.statuses());
        if (http.completed() == 0) {
          return ResultLine.unavailable(name(), "no_mail_was_accepted:_statuses_" + http.statuses()
              + ";_gateway_log:_" + config.dataDir().resolve("gateway.log"));
        }
        // The attachments' path (multipart walk, blob store) has code of its own for the JIT to compile.
        PostRuns attachedPosts = new PostRuns(loops.group(), port, connections,
            InboundMails.withAttachments(run + "a", port, senders, ADDRESS, 0));
        WarmUp.Outcome attachedWarmedUp = warmUp.run(attachedPosts::run, watched);
        Log.info("gateway /email/inbound, 22 KB with a PDF: %s", attachedWarmedUp.describe());
        index.settle(SearchIndexProbe.TIMEOUT);
        CpuTime cpu1 = CpuTime.of(process.pid());
        HttpLoad.Outcome attached = attachedPosts.run(duration);
        SearchIndexProbe.Settled attachedSearchIndex = index.settle(SearchIndexProbe.TIMEOUT);
        CpuTime attachedCpu = CpuTime.of(process.pid()).since(cpu1);
        Log.info("gateway /email/inbound, 22 KB with a PDF: %d accepted, %d failed in %.1f s = %.0f/s, p99 %.2f ms, %s",
            attached.completed(), attached.failed(), attached.elapsed().toMillis() / 1000.0, attached.perSecond(),
            attached.latency().percentileMillis(99), attached.statuses());
        long storedAfterHttp = StoreFile.count(config.sqliteFile(), STORED);
        long storedHttp = storedAfterHttp - storedBefore;

        ImapBurst.Result imap = imapMails == 0 ? null : ImapBurst.run(mailbox, config.sqliteFile(), STORED, run,
            imapMails, senders, ADDRESS, storedAfterHttp, imapTimeout);
        ImapArrivals.Result arrivals = pacedMails == 0 ? null : ImapArrivals.run(mailbox, config.sqliteFile(),
            STORED, run, pacedMails, pacedRate, senders, ADDRESS, StoreFile.count(config.sqliteFile(), STORED),
            imapTimeout);
        process.close();
        HttpLoad.Outcome baseline = baseline(loops, run, connections, senders, warmUp, duration);
        ResultLine result = ResultLine.of(name())
            .put("throughput", http.perSecond())
            .put("p50_ms", http.latency().percentileMillis(50))
            .put("p99_ms", http.latency().percentileMillis(99))
            .put("errors", http.failed())
            .put("cpu_us_per_mail", typicalCpu.totalPer(http.completed()))
            .put("jit_us_per_mail", typicalCpu.compilerPer(http.completed()))
            .put("faults_per_mail", typicalCpu.faultsPer(http.completed()))
            .put("search_pending_at_end", searchIndex.pendingAtEnd())
            .put("search_catchup_ms", searchIndex.catchUpMillis())
            .put("attachment_throughput", attached.perSecond())
            .put("attachment_p99_ms", attached.latency().percentileMillis(99))
            .put("attachment_errors", attached.failed())
            .put("attachment_cpu_us_per_mail", attachedCpu.totalPer(attached.completed()))
            .put("attachment_jit_us_per_mail", attachedCpu.compilerPer(attached.completed()))
            .put("attachment_faults_per_mail", attachedCpu.faultsPer(attached.completed()))
            .put("attachment_search_pending_at_end", attachedSearchIndex.pendingAtEnd())
            .put("attachment_search_catchup_ms", attachedSearchIndex.catchUpMillis())
            .put("stored_http", storedHttp)
            .put("expected_http", posts.completed() + attachedPosts.completed())
            .put("baseline", baseline.perSecond())
            .put("ratio", http.perSecond() / Math.max(1e-9, baseline.perSecond()))
            .put("warmup_s", warmedUp.took().toMillis() / 1000.0)
            .put("warmup_settled", String.valueOf(warmedUp.settled()))
            .put("attachment_warmup_s", attachedWarmedUp.took().toMillis() / 1000.0)
            .put("attachment_warmup_settled", String.valueOf(attachedWarmedUp.settled()));
        if (imap == null) {
          result.put("imap_mails", 0);
        } else if (imap.stored() < imapMails) {
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

  /** The same posts against a bare Netty server answering 200, after the gateway stopped. */
  private static HttpLoad.Outcome baseline(ClientLoops loops, String run, int connections, int senders,
      WarmUp warmUp, Duration duration) throws Exception {
    try (BareServer ok = OkHttpServer.start()) {
      PostRuns posts = new PostRuns(loops.group(), ok.port(), connections,
          new InboundMails(run + "b", ok.port(), senders, ADDRESS, 0));
      Log.info("baseline: %s", warmUp.run(posts::run, List.of(WarmUp::ownCpu)).describe());
      HttpLoad.Outcome baseline = posts.run(duration);
      Log.info("baseline: %d posts in %.1f s = %.0f/s", baseline.completed(),
          baseline.elapsed().toMillis() / 1000.0, baseline.perSecond());
      return baseline;
    }
  }
}
