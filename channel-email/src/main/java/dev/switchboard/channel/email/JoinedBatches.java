package dev.switchboard.channel.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of the mails of batches the ack line acknowledges together, sorted by what to do with them:
 * {@code taken} (committed: acknowledge), {@code refused} (set aside, with the mails that failed on their
 * last attempt or with an Error), {@code again} (left unseen for a later pass), and how far the position
 * may move: to the highest UID of the batches before the first one with a mail worth reading again now
 * (a store that could not take it) or whose fetch failed half-way ({@code highest} 0). {@link #retry} is
 * that mail's failure, thrown after the acknowledgement so the session reconnects.
 */
final class JoinedBatches {

  private static final Logger log = LoggerFactory.getLogger(JoinedBatches.class);
  /** A mail that makes the reader fail this often is moved to the error folder instead of blocking the box. */
  static final int MAX_ATTEMPTS = 3;

  final List<Long> taken = new ArrayList<>();
  final List<ParallelIntake.Refused> refused = new ArrayList<>();
  final List<Long> again = new ArrayList<>();
  private long highest;
  private Exception retry;

  private JoinedBatches(long from) {
    this.highest = from;
  }

  /**
   * Sorts the outcomes of {@code group} (every commit done), in read order; {@code attempts} counts the
   * failures per UID across sessions, {@code counting} counts the mails set aside.
   */
  static JoinedBatches of(List<PendingBatch> group, long position, Map<Long, Integer> attempts,
      MailIntake counting) {
    JoinedBatches out = new JoinedBatches(position);
    boolean stopped = false;
    for (PendingBatch pending : group) {
      out.refused.addAll(pending.refused());
      for (CompletableFuture<ParallelIntake.Result> f : pending.taking()) {
        ParallelIntake.Result result = f.join(); // done: awaited or checked, and never failed
        if (result instanceof ParallelIntake.Taken t) {
          out.taken.add(t.uid());
        } else if (result instanceof ParallelIntake.Refused r) {
          out.refused.add(r);
        } else if (result instanceof ParallelIntake.Failed failed) {
          ParallelIntake.Refused aside = setAside(failed, attempts, counting);
          if (aside != null) {
            out.refused.add(aside);
          } else {
            out.again.add(failed.uid());
            if (failed.retryable()) {
              stopped = true;
              if (out.retry == null) {
                out.retry = failed.cause() instanceof Exception e ? e
                    : new MailIntake.StoreUnavailableException(failed.cause().toString(), failed.cause());
              }
            }
          }
        }
      }
      stopped |= pending.highest() == 0;
      if (!stopped) {
        out.highest = Math.max(out.highest, pending.highest());
      }
    }
    return out;
  }

  /** Where the position may move after the acknowledgement (never below where it was). */
  long highest() {
    return highest;
  }

  /** Throws the first failure worth reading its mail again now, if any. */
  void throwRetry() throws Exception {
    if (retry != null) {
      throw retry;
    }
  }

  /** A mail that failed: set aside now (an Error, or the last attempt), or null to read it again later. */
  private static ParallelIntake.Refused setAside(ParallelIntake.Failed failed, Map<Long, Integer> attempts,
      MailIntake counting) {
    long uid = failed.uid();
    if (failed.error()) {
      // One mail must not end the reader: an Error (out of memory on a hostile mail, say) is not retried,
      // the mail goes aside at once and the reader carries on with the next.
      log.error("IMAP mail UID {} made the reader fail with {}; moving it aside", uid, failed.cause().toString());
      return readerFailed(counting, uid, "the reader failed on it: " + failed.cause());
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
    return readerFailed(counting, uid, "the reader failed on it " + n + " times: " + failed.cause());
  }

  private static ParallelIntake.Refused readerFailed(MailIntake counting, long uid, String message) {
    counting.countRefusal("imap", Refusal.READER_FAILED);
    return new ParallelIntake.Refused(uid, Refusal.READER_FAILED, message);
  }
}
