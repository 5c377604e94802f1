package dev.switchboard.channel.email;

import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a pass must also search the window below the reader's position for unseen mail, which costs
 * the server a command (and a round trip) per pass. Mail can be there only when the session has just
 * begun (mail committed and not acknowledged by the last one), when the ack line put a mail back to be
 * read again, or when a search above the position skipped a UID that may still show up (a server that
 * lets UID n+1 be seen before n): such a hole is remembered until a search of the window finds it or it
 * falls out of the window. The keep-alive tick asks for a look too, as a backstop. Otherwise a pass only
 * searches above the position. The holes are kept by the reader's thread; {@link #due()} may come from
 * any thread.
 */
final class BelowPosition {

  private final AtomicBoolean due = new AtomicBoolean(true);
  /** UIDs a search above the position skipped, within the window: at most the window's size. */
  private final NavigableSet<Long> holes = new TreeSet<>();
  private final int window;

  BelowPosition(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
    }
    this.window = window;
  }

  /** The next pass searches the window, whatever the holes. */
  void due() {
    due.set(true);
  }

  /** Whether this pass searches the window below {@code lastUid}; a due look is taken by asking. */
  boolean search(long lastUid) {
    holes.headSet(windowFrom(lastUid)).clear();
    return due.getAndSet(false) | !holes.isEmpty();
  }

  /** The lowest UID of the window below {@code lastUid} (1 at least). */
  long windowFrom(long lastUid) {
    return Math.max(1, lastUid - window + 1);
  }

  /**
   * A search above {@code lastUid} found {@code above} (ascending): every UID between them it skipped is a
   * hole, as is every UID found below the position by the window's search ({@code unseen}) no longer one.
   */
  void searched(long lastUid, List<Long> above, List<Long> unseen) {
    holes.removeAll(unseen);
    long next = lastUid + 1;
    for (long uid : above) {
      // Only the top of a wide gap can matter: the rest is below the window once the position passes it.
      for (long hole = Math.max(next, uid - window); hole < uid; hole++) {
        holes.add(hole);
      }
      next = Math.max(next, uid + 1);
    }
  }

  /** UIDs skipped and not yet found (for tests and the log). */
  int holes() {
    return holes.size();
  }
}
