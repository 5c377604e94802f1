package dev.switchboard.chat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The agent replies whose delivery event found no visitor bound to their conversation on this node while
 * a visitor was opening here. An opening reads the visitor's history first and binds the visitor to the
 * conversation only after, so a reply sent during the read is in neither the history nor a live push: the
 * opening takes the replies of its conversation from here when it binds. Kept only while an opening is
 * under way, and at most {@link #KEPT}; an opening that lost some of its own learns so and reads the
 * conversation again instead. Not thread-safe: {@link Visitors} holds its lock around every call, so that
 * a reply is either recorded here or finds the visitor bound, never neither.
 */
final class OpeningReplies {

  static final int KEPT = 1024;

  private record Reply(long seq, String conversationId, String messageId) {}

  private final ArrayDeque<Reply> kept = new ArrayDeque<>();
  private long lastRecorded;
  private long lastDropped;
  private int openings;

  /** An opening starts (before its history is read); returns its mark for {@link #close}. */
  long open() {
    openings++;
    return lastRecorded;
  }

  /** A reply's delivery event found no visitor bound to {@code conversationId}: kept while an opening is under way. */
  void record(String conversationId, String messageId) {
    if (openings == 0) {
      return; // no history is being read: the next one to start will have this reply
    }
    kept.addLast(new Reply(++lastRecorded, conversationId, messageId));
    if (kept.size() > KEPT) {
      lastDropped = kept.removeFirst().seq();
    }
  }

  /**
   * An opening begun at {@code mark} ends (bound to {@code conversationId}, or to none when null): the ids of
   * the replies to that conversation recorded since, oldest first; empty when some recorded since were
   * dropped, so the caller cannot know it has them all.
   */
  Optional<List<String>> close(long mark, String conversationId) {
    openings--;
    Optional<List<String>> mine;
    if (lastDropped > mark) {
      mine = Optional.empty();
    } else {
      mine = Optional.of(conversationId == null ? List.of() : kept.stream()
          .filter(r -> r.seq() > mark && r.conversationId().equals(conversationId)).map(Reply::messageId).toList());
    }
    if (openings == 0) {
      kept.clear();
    }
    return mine;
  }

  /** How many openings are under way (for tests). */
  int openings() {
    return openings;
  }
}
