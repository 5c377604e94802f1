package dev.switchboard.channel.email;

import java.util.Collection;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * When the reader lists the {@value #SIZE} UIDs below its position again, for a mail that showed up there
 * late (servers may let UID n+1 be seen before n) or that must be read again (it failed, it was committed
 * but the session ended before its flag). Listing them costs a pass over the server's folder, so it is not
 * done on every pass but: on a session's first pass (what a reconnect or restart left unseen), while a UID
 * the reader passed over (a gap in what it read) is still missing and inside the window, when asked (the
 * ack line left a mail unseen to read again; the keep-alive tick, every poll interval), and at least every
 * {@value #EVERY_PASSES} passes. Used by the reading thread; {@link #request()} from any thread.
 */
final class RescanWindow {

  /** UIDs below the highest one read that are listed again. */
  static final int SIZE = 128;
  /** Passes after which the window is listed again whatever happened. */
  static final int EVERY_PASSES = 32;

  private final NavigableSet<Long> missing = new TreeSet<>();
  /** True on a session's first pass. */
  private volatile boolean requested = true;
  private int passes;

  /** Asks for the window to be listed on the next pass. */
  void request() {
    requested = true;
  }

  /** The first UID of the window below {@code readTo}. */
  static long from(long readTo) {
    return Math.max(1, readTo - SIZE + 1);
  }

  /**
   * Whether this pass lists the window (the position is {@code readTo}); counts the pass. UIDs that fell
   * out of the window are forgotten: a mail that shows up that late is not waited for.
   */
  boolean due(long readTo) {
    missing.headSet(from(readTo)).clear();
    passes++;
    if (readTo < 1 || !(requested || !missing.isEmpty() || passes >= EVERY_PASSES)) {
      return false;
    }
    requested = false; // a request made while the window is listed holds for the next pass
    return true;
  }

  /** The window was listed: these UIDs are in the folder now. */
  void listed(Collection<Long> uids) {
    passes = 0;
    missing.removeAll(uids);
  }

  /**
   * New mail was read from {@code fromUid} on: the UIDs below the highest one read that were not in the
   * answer may show up late.
   */
  void read(long fromUid, Set<Long> uids) {
    if (uids.isEmpty()) {
      return;
    }
    long highest = uids.stream().mapToLong(Long::longValue).max().orElse(fromUid);
    for (long uid = Math.max(fromUid, highest - SIZE + 1); uid < highest; uid++) {
      if (!uids.contains(uid)) {
        missing.add(uid);
      }
    }
  }

  /** UIDs passed over and not seen since (for tests and logs). */
  int missing() {
    return missing.size();
  }
}
