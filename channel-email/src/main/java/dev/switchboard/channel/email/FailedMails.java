package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a mail the reader failed on: read again later (the store was unavailable, or it has
 * failed fewer than {@value #MAX_ATTEMPTS} times) or set aside now (an Error, or the last attempt), so one
 * mail never blocks the box. The attempts are counted across sessions by the reader that owns the map.
 */
final class FailedMails {

  private static final Logger log = LoggerFactory.getLogger(FailedMails.class);
  /** A mail that makes the reader fail this often is moved to the error folder instead of blocking the box. */
  static final int MAX_ATTEMPTS = 3;

  private final MailIntake counting;
  private final Map<Long, Integer> attempts;

  FailedMails(MailIntake counting, Map<Long, Integer> attempts) {
    this.counting = requireNonNull(counting, "counting");
    this.attempts = requireNonNull(attempts, "attempts");
  }

  /** A mail that failed: set aside now (an Error, or the last attempt), or null to read it again later. */
  ParallelIntake.Refused decide(ParallelIntake.Failed failed) {
    long uid = failed.uid();
    if (failed.error()) {
      // One mail must not end the reader: an Error (out of memory on a hostile mail, say) is not retried,
      // the mail goes aside at once and the reader carries on with the next.
      log.error("IMAP mail UID {} made the reader fail with {}; moving it aside", uid, failed.cause().toString());
      return readerFailed(uid, "the reader failed on it: " + failed.cause());
    }
    if (failed.retryable()) {
      return null;
    }
    int n = attempts.merge(uid, 1, Integer::sum);
    if (n < MAX_ATTEMPTS) {
      log.warn("IMAP mail UID {} failed (attempt {} of {}): {}", uid, n, MAX_ATTEMPTS, failed.cause().toString());
      return null;
    }
    log.error("IMAP mail UID {} failed {} times; moving it aside", uid, n, failed.cause());
    return readerFailed(uid, "the reader failed on it " + n + " times: " + failed.cause());
  }

  private ParallelIntake.Refused readerFailed(long uid, String message) {
    counting.countRefusal("imap", Refusal.READER_FAILED);
    return new ParallelIntake.Refused(uid, Refusal.READER_FAILED, message);
  }

  /** The mail was acknowledged or set aside: its attempts are forgotten. */
  void forget(long uid) {
    attempts.remove(uid);
  }
}
