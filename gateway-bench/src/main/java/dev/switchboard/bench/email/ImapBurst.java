package dev.switchboard.bench.email;

import dev.switchboard.bench.Log;
import dev.switchboard.bench.StoreFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A burst of mails delivered at once into the mailbox the gateway watches with IDLE, timed until all are stored. */
final class ImapBurst {

  record Result(long stored, Duration elapsed) {}

  private ImapBurst() {}

  /** Delivers {@code count} mails to the mailbox, then waits until the gateway has stored them all. */
  static Result run(BenchImapServer server, Path sqlite, String stored, String run, int count, int senders, String to,
      long before, Duration timeout) throws Exception {
    // Parsed before the clock starts: only delivering into the mailbox and the gateway's work are timed.
    List<BenchImapServer.ReadyMail> mails = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      mails.add(BenchImapServer.ReadyMail.of(Mails.typical(run + "i", i, senders, to)));
    }
    Log.info("IMAP: delivering %d mails to the %s mailbox", count, server.kind());
    long start = System.nanoTime();
    server.deliver(mails);
    Log.info("IMAP: delivered in %d ms; waiting for the gateway to store them", (System.nanoTime() - start) / 1_000_000);
    long deadline = start + timeout.toNanos();
    long seen = 0;
    long lastChange = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = StoreFile.count(sqlite, stored) - before;
      if (now != seen) {
        seen = now;
        lastChange = System.nanoTime();
      }
      if (seen >= count) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    Log.info("IMAP: %d of %d stored in %d ms", seen, count, (lastChange - start) / 1_000_000);
    return new Result(seen, Duration.ofNanos(lastChange - start));
  }
}
