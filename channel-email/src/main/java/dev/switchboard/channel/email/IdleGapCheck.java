package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.iap.ResponseHandler;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure an IDLE does not sit on mail that arrived as it began. It counts the announcements
 * ({@code EXISTS}) read on the reading connection, by whichever thread: one read after the reader's last
 * pass began ({@link #arm}) and before the IDLE's continuation (with the IDLE's start, or by a nudge's
 * NOOP) does not end the IDLE, so the reader is nudged at once. And a
 * server may send the announcements due when IDLE starts and only then listen for new mail (GreenMail's
 * IDLE does): a mail delivered in between is announced to nobody, and would wait for the reader's next
 * nudge ({@code pollInterval}, 30 s by default). So when the continuation arrives, this also asks the
 * acknowledging connection, with one search (cheap: no per-mail lookup), whether a mail above the reader's
 * position is in the folder, and if so nudges the reader, which ends the IDLE and passes. A check that
 * finds the reader already passing costs it one NOOP. The check runs on a thread of its own, as it may wait
 * behind an acknowledgement on that connection, and nudges must not.
 */
final class IdleGapCheck implements ResponseHandler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IdleGapCheck.class);
  /** How long after the continuation the check runs: the server registers its listener just after sending it. */
  static final Duration AFTER = Duration.ofMillis(20);

  private final IMAPFolder acking;
  private final LongSupplier readTo;
  private final Runnable nudge;
  private final ScheduledExecutorService on;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicLong announcements = new AtomicLong();
  private volatile long armed = Long.MAX_VALUE;

  private IdleGapCheck(IMAPFolder acking, LongSupplier readTo, Runnable nudge) {
    this.acking = requireNonNull(acking, "acking");
    this.readTo = requireNonNull(readTo, "readTo");
    this.nudge = requireNonNull(nudge, "nudge");
    this.on = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-email-imap-gap");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Watches {@code reading}'s IDLE starts until closed; checks on {@code acking} (another connection to
   * the same folder) for mail above {@code readTo}, and runs {@code nudge} when there is some.
   */
  static IdleGapCheck watch(IMAPFolder reading, IMAPFolder acking, LongSupplier readTo, Runnable nudge)
      throws MessagingException {
    IdleGapCheck check = new IdleGapCheck(acking, readTo, nudge);
    reading.doCommand(p -> {
      p.addResponseHandler(check);
      return null;
    });
    return check;
  }

  /** How many announcements the reading connection has had. */
  long announcements() {
    return announcements.get();
  }

  /**
   * The reader is about to start an IDLE, having passed over every mail announced up to
   * {@code announcements} (taken as its last pass began); one announced after it gets a nudge.
   */
  void arm(long announcements) {
    armed = announcements;
  }

  /** Stops checking (the session ended). */
  @Override
  public void close() {
    on.shutdownNow();
  }

  @Override
  public void handleResponse(Response r) {
    if (r instanceof IMAPResponse answer && answer.keyEquals("EXISTS")) {
      announcements.incrementAndGet();
      return;
    }
    // The reader sends no literals: a continuation on its connection is the start of an IDLE.
    if (!r.isContinuation()) {
      return;
    }
    if (announcements.get() > armed) {
      armed = Long.MAX_VALUE; // one nudge per IDLE
      nudge.run();
      return;
    }
    if (pending.compareAndSet(false, true)) {
      try {
        on.schedule(this::check, AFTER.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        pending.set(false); // the reader is closing
      }
    }
  }

  private void check() {
    pending.set(false);
    try {
      if (!MailboxListing.above(acking, readTo.getAsLong()).isEmpty()) {
        nudge.run();
      }
    } catch (MessagingException | RuntimeException e) {
      // The acknowledging connection fails its own way and ends the session; the next nudge still comes.
      log.debug("IMAP IDLE gap check failed: {}", e.toString());
    }
  }
}
