package dev.switchboard.bench.email;

import dev.switchboard.bench.LatencyHistogram;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.StoreFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Mails arriving one by one at a fixed rate into the mailbox the gateway watches with IDLE, and how long
 * each takes from its delivery to its row in the store. Rows are matched to deliveries by count (the k-th
 * row stored stands for the k-th mail delivered), which is exact while the mails are stored in order and
 * an approximation within one batch otherwise. With an {@link OfferDesk} each mail comes from a customer of
 * its own (a new conversation) and is also timed to its offer at the desk, matched by its order number.
 */
final class ImapArrivals {

  /** Order numbers of the paced mails start here, above every other mail of a run. */
  static final long FIRST_NUMBER = 10_000_000;

  /** {@code offered} and {@code toOffer} only with a desk. */
  record Result(long stored, int count, LatencyHistogram latency, long offered, LatencyHistogram toOffer) {}

  private ImapArrivals() {}

  static Result run(BenchImapServer server, Path sqlite, String stored, String run, int count, double perSecond,
      int senders, String to, long before, Duration timeout) throws Exception {
    return run(server, sqlite, stored, run, count, perSecond, senders, to, before, timeout, null);
  }

  static Result run(BenchImapServer server, Path sqlite, String stored, String run, int count, double perSecond,
      int senders, String to, long before, Duration timeout, OfferDesk desk) throws Exception {
    List<BenchImapServer.ReadyMail> mails = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      mails.add(BenchImapServer.ReadyMail.of(desk == null ? Mails.typical(run + "p", i, senders, to)
          : Mails.typical(run + "p", FIRST_NUMBER + i, Integer.MAX_VALUE, to)));
    }
    AtomicLongArray deliveredAt = new AtomicLongArray(count);
    long[] storedAt = new long[count];
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    long period = Math.max(1, Math.round(1e9 / perSecond));
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      int n = i;
      pacer.schedule(() -> {
        try {
          server.deliver(mails.get(n));
          deliveredAt.set(n, System.nanoTime());
        } catch (Exception e) {
          Log.info("IMAP arrivals: delivering mail %d failed (not timed): %s", n, e);
        }
      }, n * period, TimeUnit.NANOSECONDS);
    }
    long deadline = start + timeout.toNanos();
    int seen = 0;
    try {
      while ((seen < count || desk != null && offered(desk, count) < count) && System.nanoTime() < deadline) {
        long now = StoreFile.count(sqlite, stored) - before;
        long t = System.nanoTime();
        while (seen < Math.min(now, count)) {
          storedAt[seen++] = t;
        }
        TimeUnit.MILLISECONDS.sleep(5);
      }
    } finally {
      pacer.shutdownNow();
    }
    LatencyHistogram latency = new LatencyHistogram();
    for (int i = 0; i < seen; i++) {
      if (deliveredAt.get(i) > 0) {
        latency.recordNanos(Math.max(0, storedAt[i] - deliveredAt.get(i)));
      }
    }
    Log.info("IMAP arrivals at %.0f/s: %d of %d stored; delivery to row p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        perSecond, seen, count, latency.percentileMillis(50), latency.percentileMillis(99),
        latency.percentileMillis(100));
    if (desk == null) {
      return new Result(seen, count, latency, 0, null);
    }
    LatencyHistogram toOffer = new LatencyHistogram();
    for (int i = 0; i < count; i++) {
      long offered = desk.offeredAt(FIRST_NUMBER + i);
      if (offered > 0 && deliveredAt.get(i) > 0) {
        toOffer.recordNanos(Math.max(0, offered - deliveredAt.get(i)));
      }
    }
    Log.info("IMAP arrivals: %d of %d offered to the desk; delivery to offer p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        toOffer.count(), count, toOffer.percentileMillis(50), toOffer.percentileMillis(99),
        toOffer.percentileMillis(100));
    return new Result(seen, count, latency, toOffer.count(), toOffer);
  }

  private static long offered(OfferDesk desk, int count) {
    long n = 0;
    for (int i = 0; i < count; i++) {
      if (desk.offeredAt(FIRST_NUMBER + i) > 0) {
        n++;
      }
    }
    return n;
  }
}
