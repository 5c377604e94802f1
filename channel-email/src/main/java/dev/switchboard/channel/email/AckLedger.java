package dev.switchboard.channel.email;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ack line settles on the mailbox and with the reader, one group of committed batches at a time:
 * one command acknowledges every mail taken and one sets aside every mail refused, the UIDs leave
 * {@link #inFlight()} (a mail left unseen for a later pass is {@link #putBack() put back}), and then the
 * position is saved past the group as far as {@link JoinedBatches} lets it move. When and in which groups
 * the batches come is the {@link AckPipeline}'s business; this class runs on its thread, but for the
 * reader's use of {@link #inFlight()} (it adds the UIDs it fetches), {@link #putBack()} and {@link #position()}.
 */
final class AckLedger {

  private static final Logger log = LoggerFactory.getLogger(AckLedger.class);

  private final MailboxAcks acks;
  private final MailboxCursor cursor;
  private final MailIntake counting;
  private final Map<Long, Integer> attempts;
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean putBack = new AtomicBoolean();
  private volatile MailboxCursor.Position position;

  AckLedger(MailboxAcks acks, MailboxCursor cursor, MailboxCursor.Position position, MailIntake counting,
      Map<Long, Integer> attempts) {
    this.acks = requireNonNull(acks, "acks");
    this.cursor = requireNonNull(cursor, "cursor");
    this.position = requireNonNull(position, "position");
    this.counting = requireNonNull(counting, "counting");
    this.attempts = requireNonNull(attempts, "attempts");
  }

  /** UIDs fetched and not yet acknowledged (nor set aside). */
  Set<Long> inFlight() {
    return inFlight;
  }

  /** Whether acknowledged mail leaves the folder rather than being flagged. */
  boolean moves() {
    return acks.moves();
  }

  /** Whether a mail was put back unseen (for a later pass to read again) since this was last asked. */
  boolean putBack() {
    return putBack.getAndSet(false);
  }

  /** The position saved last. */
  MailboxCursor.Position position() {
    return position;
  }

  /** Keeps the ack connection alive. */
  void noop() throws Exception {
    acks.noop();
  }

  /**
   * Acknowledges {@code group} (every commit done, in read order) together: one command for every mail
   * taken, one for every mail refused, even when another mail failed. Returns what became of its mails.
   */
  JoinedBatches acknowledge(List<PendingBatch> group) throws Exception {
    JoinedBatches joined = JoinedBatches.of(group, position.lastUid(), attempts, counting);
    acks.acknowledge(uids(joined.taken));
    if (!joined.refused.isEmpty()) {
      String where = acks.refuse(uids(joined.refused.stream().map(ParallelIntake.Refused::uid).toList()));
      for (ParallelIntake.Refused r : joined.refused) {
        log.warn("IMAP mail UID {} refused ({}: {}); {}", r.uid(), r.reason().code(), r.message(), where);
      }
    }
    joined.taken.forEach(this::settled);
    joined.refused.forEach(r -> settled(r.uid()));
    joined.again.forEach(inFlight::remove); // still unseen: a later pass reads it again from the window
    if (!joined.again.isEmpty()) {
      putBack.set(true);
    }
    return joined;
  }

  /** Saves the position past {@code joined}, as far as it may move, waiting up to {@code wait}. */
  void savePositionPast(JoinedBatches joined, Duration wait) throws Exception {
    if (joined.highest() > position.lastUid()) {
      MailboxCursor.Position saved = new MailboxCursor.Position(position.uidValidity(), joined.highest());
      ReaderThreadWait.await(cursor.save(saved), wait, "saving the mailbox position");
      position = saved;
    }
  }

  private void settled(long uid) {
    attempts.remove(uid);
    inFlight.remove(uid);
  }

  private static long[] uids(List<Long> uids) {
    return uids.stream().mapToLong(Long::longValue).toArray();
  }
}
