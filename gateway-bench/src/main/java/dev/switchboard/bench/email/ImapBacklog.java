package dev.switchboard.bench.email;

import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.GatewayUnderTest;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ProcStat;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.StoreFile;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * The IMAP backlog: {@code count} mails wait in the mailbox before the gateway starts. First a plain
 * Jakarta Mail client (the ceiling) reads every body of the same mailbox, read-only, 100 mails per FETCH;
 * then the gateway starts and the bench polls the SQLite file until all are stored, timing the drain from
 * the first stored row to the last and reading the gateway's CPU time at both.
 */
final class ImapBacklog {

  /** What the drain and the ceiling measured. */
  record Result(long stored, int count, double perSecond, double secondsFromStart, double cpuMicrosPerMail,
      double ceilingPerSecond, GatewayProcess gateway) {

    /** The {@code imap_backlog…} and {@code imap_ceiling_per_s} figures, as both scenarios print them. */
    ResultLine putInto(ResultLine line) {
      return line.put("imap_backlog", count)
          .put("imap_backlog_stored", stored)
          .put("imap_backlog_per_s", perSecond)
          .put("imap_backlog_s_from_start", secondsFromStart)
          .put("imap_backlog_cpu_us_per_mail", cpuMicrosPerMail)
          .put("imap_ceiling_per_s", ceilingPerSecond);
    }
  }

  private ImapBacklog() {}

  static Result run(Flags flags, BenchImapServer server, GatewayConfigFile config,
      String stored, String run, int count, int senders, String to, Duration timeout) throws Exception {
    List<BenchImapServer.ReadyMail> mails = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      mails.add(BenchImapServer.ReadyMail.of(Mails.typical(run + "k", i, senders, to)));
    }
    server.deliver(mails);
    Log.info("IMAP backlog: %d mails wait in the mailbox", count);
    double ceiling = ceiling(server.port(), BenchImapServer.ADDRESS, BenchImapServer.PASSWORD);

    GatewayProcess gateway = GatewayProcess.start(GatewayProcess.locateJar(flags), config,
        GatewayUnderTest.jvmOptions(flags));
    long deadline = System.nanoTime() + timeout.toNanos();
    long firstAt = -1;
    long cpuFirst = -1;
    long lastAt = -1;
    long cpuLast = -1;
    long seen = 0;
    long firstCount = 0;
    while (System.nanoTime() < deadline) {
      long now;
      try {
        now = StoreFile.count(config.sqliteFile(), stored);
      } catch (java.sql.SQLException e) {
        now = 0; // the schema is not there yet
      }
      long t = System.nanoTime();
      if (now > 0 && firstAt < 0) {
        firstAt = t;
        firstCount = now;
        cpuFirst = ProcStat.cpuMicros(gateway.pid());
      }
      if (now != seen) {
        seen = now;
        lastAt = t;
        cpuLast = ProcStat.cpuMicros(gateway.pid());
      }
      if (seen >= count) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    gateway.awaitReady(flags.duration("ready-timeout", Duration.ofSeconds(120)));
    double drainSeconds = firstAt < 0 || lastAt <= firstAt ? Double.NaN : (lastAt - firstAt) / 1e9;
    // The first rows show up with the first commit: the rate counts the mails stored after the first sight.
    long afterFirst = Math.max(0, seen - firstCount);
    double perSecond = afterFirst / drainSeconds;
    double fromStart = lastAt < 0 ? Double.NaN : gateway.sinceStart().toNanos() / 1e9
        - (System.nanoTime() - lastAt) / 1e9;
    double cpuPerMail = cpuFirst < 0 || cpuLast < 0 ? -1 : (double) (cpuLast - cpuFirst) / Math.max(1, afterFirst);
    Log.info("IMAP backlog: %d of %d stored; %.1f s from the first stored row to the last (%.0f mails/s), "
        + "%.1f s from the gateway's start; gateway CPU %.0f us per mail; plain Jakarta Mail read it at %.0f mails/s",
        seen, count, drainSeconds, perSecond, fromStart, cpuPerMail, ceiling);
    return new Result(seen, count, perSecond, fromStart, cpuPerMail, ceiling, gateway);
  }

  /** Mails per second a plain Jakarta Mail client reads (every body, 100 per FETCH), read-only. */
  private static double ceiling(int port, String user, String password) throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", port, user, password);
    try {
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      long start = System.nanoTime();
      Message[] all = inbox.getMessages();
      FetchProfile profile = new FetchProfile();
      profile.add(IMAPFolder.FetchProfileItem.MESSAGE);
      long bytes = 0;
      for (int i = 0; i < all.length; i += 100) {
        Message[] batch = Arrays.copyOfRange(all, i, Math.min(all.length, i + 100));
        inbox.fetch(batch, profile);
        for (Message m : batch) {
          CountingStream counted = new CountingStream();
          m.writeTo(counted);
          bytes += counted.n;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      inbox.close(false);
      Log.info("ceiling: plain Jakarta Mail read %d mails (%d bytes) in %.2f s", all.length, bytes, seconds);
      return all.length / seconds;
    } finally {
      store.close();
    }
  }

  private static final class CountingStream extends OutputStream {
    long n;

    @Override
    public void write(int b) {
      n++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      n += len;
    }
  }
}
