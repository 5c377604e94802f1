package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The agent replies whose delivery event found no visitor bound to their conversation on this node while
 * a visitor was opening here. An opening reads the visitor's history first and binds the visitor to the
 * conversation only after, so a reply sent during the read is in neither the history nor a live push: the
 * opening takes the replies of its conversation from here when it binds. Kept only while an opening is
 * under way, and at most {@link #KEPT}; an opening that lost some of its own learns so and reads the
 * conversation again instead. Not thread-safe: {@link Visitors} holds its lock around every call, so that
 * a reply is either recorded here or finds the visitor bound, never neither.
 *
 * <p>An opening that never closes (its history's callback never ran: the store's executor was already shut
 * down) would keep replies being recorded forever; so an opening counts only for {@link #LEASE} after it
 * began. One that closes later is told it may have lost replies, and reads the conversation again.
 */
final class OpeningReplies {

  static final int KEPT = 1024;
  /** Far longer than a history read takes; past it, an opening is taken for one whose callback never ran. */
  static final Duration LEASE = Duration.ofMinutes(2);

  private record Reply(long seq, String conversationId, String messageId) {}

  private record Opening(long mark, long startedNanos) {}

  private final LongSupplier nanoTime;
  private final long leaseNanos;
  /** The openings under way, oldest first (their marks never decrease). */
  private final ArrayDeque<Opening> openings = new ArrayDeque<>();
  private final ArrayDeque<Reply> kept = new ArrayDeque<>();
  private long lastRecorded;
  /** Every reply recorded up to here may be gone: dropped past {@link #KEPT}, or cleared with no opening under way. */
  private long lastDropped;

  OpeningReplies() {
    this(LEASE, System::nanoTime);
  }

  OpeningReplies(Duration lease, LongSupplier nanoTime) {
    this.leaseNanos = requireNonNull(lease, "lease").toNanos();
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  /** An opening starts (before its history is read); returns its mark for {@link #close}. */
  long open() {
    long now = nanoTime.getAsLong();
    expire(now);
    openings.addLast(new Opening(lastRecorded, now));
    return lastRecorded;
  }

  /** A reply's delivery event found no visitor bound to {@code conversationId}: kept while an opening is under way. */
  void record(String conversationId, String messageId) {
    expire(nanoTime.getAsLong());
    if (openings.isEmpty()) {
      return; // no history is being read: the next one to start will have this reply
    }
    kept.addLast(new Reply(++lastRecorded, conversationId, messageId));
    if (kept.size() > KEPT) {
      lastDropped = kept.removeFirst().seq();
    }
  }

  /**
   * An opening begun at {@code mark} ends (bound to {@code conversationId}, or to none when null): the ids of
   * the replies to that conversation recorded since, oldest first; empty when some recorded since may be
   * gone (dropped, or the opening outlived its lease), so the caller cannot know it has them all.
   */
  Optional<List<String>> close(long mark, String conversationId) {
    forget(mark);
    Optional<List<String>> mine;
    if (lastDropped > mark) {
      mine = Optional.empty();
    } else {
      mine = Optional.of(conversationId == null ? List.of() : kept.stream()
          .filter(r -> r.seq() > mark && r.conversationId().equals(conversationId)).map(Reply::messageId).toList());
    }
    expire(nanoTime.getAsLong());
    return mine;
  }

  /** How many openings are under way (for tests and {@link Visitors#openings}). */
  int openings() {
    expire(nanoTime.getAsLong());
    return openings.size();
  }

  /** How many replies are kept now. */
  int kept() {
    return kept.size();
  }

  /** Removes one opening begun at {@code mark}; none is left when its lease ran out. */
  private void forget(long mark) {
    for (Iterator<Opening> it = openings.iterator(); it.hasNext(); ) {
      if (it.next().mark() == mark) {
        it.remove();
        return;
      }
    }
  }

  /** Ends the openings past their lease; with none left, the kept replies go. */
  private void expire(long now) {
    while (!openings.isEmpty() && now - openings.peekFirst().startedNanos() > leaseNanos) {
      openings.removeFirst();
    }
    if (openings.isEmpty() && !kept.isEmpty()) {
      lastDropped = kept.peekLast().seq();
      kept.clear();
    }
  }
}
