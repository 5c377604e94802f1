package dev.switchboard.bench.email;

import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ProcStat;
import dev.switchboard.bench.QueueProbe;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.StoreFile;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.net.ClientLoops;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The mailbox read over IMAP, without the HTTP intake: the {@code --imap-backlog} drained at the gateway's
 * start beside a plain Jakarta Mail client (the ceiling), a burst of {@code --imap-mails} over IDLE, then
 * one agent signs in at the desk and, once the queue is empty, {@code --imap-paced} mails arrive one by one
 * at {@code --imap-rate} per second, each from a new customer and timed from its delivery into the
 * mailbox to its row and to its offer at the desk. The mailbox keeps every mail, as a real one would.
 * {@code --imap-server=greenmail|dovecot} picks the {@link BenchImapServer} under it.
 */
public final class ImapScenario implements Scenario {

  private static final String ADDRESS = BenchImapServer.ADDRESS;
  private static final String STORED = "SELECT count(*) FROM messages WHERE channel = 'EMAIL' AND direction = 'IN'";

  @Override
  public String name() {
    return "imap";
  }

  @Override
  public String usage() {
    return "--imap-server=greenmail|dovecot [--dovecot=PATH --dovecot-mail=mdbox|maildir] --senders=1000 --imap-backlog=3000 --imap-mails=1000 --imap-paced=300 --imap-rate=20 --imap-timeout=90s";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    int senders = flags.integer("senders", 1000);
    int backlogMails = flags.integer("imap-backlog", 3000);
    int burstMails = flags.integer("imap-mails", 1000);
    int pacedMails = flags.integer("imap-paced", 300);
    double pacedRate = flags.integer("imap-rate", 20);
    Duration timeout = flags.duration("imap-timeout", Duration.ofSeconds(90));
    String run = Long.toString(System.currentTimeMillis(), 36);
    double loadAtStart = ProcStat.loadAverage();
    ResultLine result = ResultLine.of(name());

    try (ClientLoops loops = new ClientLoops(1); TempDir dir = TempDir.create(name(), flags);
        BenchImapServer mailbox = BenchImapServer.start(flags, dir.path())) {
      result.put("imap_server", mailbox.kind().name().toLowerCase(Locale.ROOT));
      int port = TempDir.freePort();
      GatewayConfigFile config = new GatewayConfigFile(port, dir.path(), 1, 50, false, null,
          new GatewayConfigFile.EmailSection(ADDRESS, mailbox.port(), ADDRESS, BenchImapServer.PASSWORD));
      ImapBacklog.Result backlog = ImapBacklog.run(flags, mailbox, config, STORED, run, Math.max(1, backlogMails),
          senders, ADDRESS, timeout);
      try (GatewayProcess gateway = backlog.gateway()) {
        backlog.putInto(result);
        if (burstMails > 0) {
          long cpu0 = ProcStat.cpuMicros(gateway.pid());
          ImapBurst.Result burst = ImapBurst.run(mailbox, config.sqliteFile(), STORED, run, burstMails, senders,
              ADDRESS, StoreFile.count(config.sqliteFile(), STORED), timeout);
          long cpu1 = ProcStat.cpuMicros(gateway.pid());
          result.put("imap_mails", burstMails).put("imap_stored", burst.stored())
              .put("imap_throughput", burst.stored() / (burst.elapsed().toNanos() / 1e9))
              .put("imap_cpu_us_per_mail", (double) (cpu1 - cpu0) / Math.max(1, burst.stored()));
        }
        if (pacedMails > 0) {
          // The paced mails are timed alone: everything delivered before them is stored first.
          long earlier = awaitStored(config, backlogMails + burstMails, timeout);
          try (OfferDesk desk = OfferDesk.signIn(loops.group(), port, Duration.ofSeconds(30))) {
            long left = new QueueProbe(port).awaitEmpty(timeout);
            int inBox = mailbox.messageCount();
            Log.info("IMAP paced: %d earlier mails stored; the desk took the waiting conversations (%d left, %d "
                + "offers); %d mails in the box", earlier, left, desk.offers(), inBox);
            ImapArrivals.Result arrivals = ImapArrivals.run(mailbox, config.sqliteFile(), STORED, run, pacedMails,
                pacedRate, senders, ADDRESS, StoreFile.count(config.sqliteFile(), STORED), timeout, desk);
            result.put("imap_arrivals", arrivals.count())
                .put("imap_arrivals_stored", arrivals.stored())
                .put("imap_arrivals_offered", arrivals.offered())
                .put("imap_arrival_rate", pacedRate)
                .put("imap_box_at_arrivals", inBox)
                .put("imap_arrival_to_row_p50_ms", arrivals.latency().percentileMillis(50))
                .put("imap_arrival_to_row_p99_ms", arrivals.latency().percentileMillis(99))
                .put("imap_arrival_to_offer_p50_ms", arrivals.toOffer().percentileMillis(50))
                .put("imap_arrival_to_offer_p99_ms", arrivals.toOffer().percentileMillis(99))
                .put("imap_arrival_to_offer_max_ms", arrivals.toOffer().percentileMillis(100))
                .put("desk_errors", desk.errors());
          }
        }
      }
    }
    return result.put("load_avg_start", loadAtStart).put("load_avg_end", ProcStat.loadAverage());
  }

  private static long awaitStored(GatewayConfigFile config, long expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long stored = StoreFile.count(config.sqliteFile(), STORED);
    while (stored < expected && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
      stored = StoreFile.count(config.sqliteFile(), STORED);
    }
    return stored;
  }
}
