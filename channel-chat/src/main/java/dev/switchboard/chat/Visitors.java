package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The visitors this node has sessions for, by visitor id, and which visitor a conversation belongs to
 * (for typing and status events). A state with no connection is dropped after {@link #IDLE_EVICTION};
 * a later resume then gets the full history, which is always correct.
 */
final class Visitors {

  static final Duration IDLE_EVICTION = Duration.ofMinutes(15);
  private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  private final Clock clock;
  private final VisitorState.Watcher watcher;
  private final Map<String, VisitorState> byVisitor = new ConcurrentHashMap<>();
  private final Map<String, String> visitorByConversation = new ConcurrentHashMap<>();
  /** Also the lock under which a reply's delivery event looks for its visitor and an opening binds its own. */
  private final OpeningReplies openingReplies = new OpeningReplies();
  private volatile Instant lastSweep;

  Visitors(Clock clock) {
    this(clock, VisitorState.Watcher.NONE);
  }

  /** {@code watcher}: told when a visitor in a conversation opens their first connection or closes their last. */
  Visitors(Clock clock, VisitorState.Watcher watcher) {
    this.clock = requireNonNull(clock, "clock");
    this.watcher = requireNonNull(watcher, "watcher");
    this.lastSweep = clock.instant();
  }

  /** The visitor's state, created when there is none. */
  VisitorState acquire(String visitorId) {
    sweepIfDue();
    Instant now = clock.instant();
    VisitorState state = byVisitor.computeIfAbsent(visitorId, id -> new VisitorState(id, clock, watcher));
    state.touch(now); // an opening connection counts as activity, so the sweep leaves it alone
    return state;
  }

  Optional<VisitorState> find(String visitorId) {
    return Optional.ofNullable(byVisitor.get(visitorId));
  }

  Optional<VisitorState> byConversation(String conversationId) {
    String visitorId = visitorByConversation.get(conversationId);
    return visitorId == null ? Optional.empty() : find(visitorId);
  }

  /**
   * The visitor bound to the conversation an agent's reply went to, for its delivery event; when none is,
   * the reply is kept for the visitors opening here now (one of them may turn out to be in it).
   */
  Optional<VisitorState> forReply(String conversationId, String messageId) {
    synchronized (openingReplies) {
      Optional<VisitorState> visitor = byConversation(conversationId);
      if (visitor.isEmpty()) {
        openingReplies.record(conversationId, messageId);
      }
      return visitor;
    }
  }

  /** A visitor starts opening, before its history is read: returns the mark {@link #opened} takes. */
  long opening() {
    synchronized (openingReplies) {
      return openingReplies.open();
    }
  }

  /**
   * An opening begun at {@code mark} has sent its history: binds the visitor to {@code conversationId} (none
   * when null) and returns the ids of the replies to it whose delivery event found nobody bound meanwhile,
   * oldest first; empty when more came than are kept (then read the conversation again). Also called when the
   * opening gives up (null conversation), so that replies stop being kept once no opening is under way.
   */
  Optional<List<String>> opened(VisitorState visitor, String conversationId, long mark) {
    synchronized (openingReplies) {
      bind(visitor, conversationId);
      return openingReplies.close(mark, conversationId);
    }
  }

  /** How many openings are under way on this node. */
  int openings() {
    synchronized (openingReplies) {
      return openingReplies.openings();
    }
  }

  /** Records that the visitor is now writing in {@code conversationId}. */
  void bind(VisitorState visitor, String conversationId) {
    if (conversationId == null) {
      return;
    }
    String previous = visitor.conversationId();
    // Indexed before the visitor takes it: taking it publishes the watch of its place in line, and the
    // router may answer with the place at once, on its own thread; found by conversation only after this
    // put, a place that came first was dropped, and the router, which sends a place only when it moves,
    // never sent it again (ChatQueuePlaceTest, now and then).
    visitorByConversation.put(conversationId, visitor.visitorId());
    visitor.conversationId(conversationId);
    if (previous != null && !previous.equals(conversationId)) {
      visitorByConversation.remove(previous, visitor.visitorId());
    }
  }

  /** The visitors with a connection open on this node now. */
  List<VisitorState> connected() {
    return byVisitor.values().stream().filter(v -> v.connections() > 0).toList();
  }

  int size() {
    return byVisitor.size();
  }

  void sweepIfDue() {
    Instant now = clock.instant();
    if (Duration.between(lastSweep, now).compareTo(SWEEP_EVERY) < 0) {
      return;
    }
    lastSweep = now;
    byVisitor.values().removeIf(v -> {
      Instant idle = v.idleSince();
      boolean evict = idle != null && Duration.between(idle, now).compareTo(IDLE_EVICTION) >= 0;
      if (evict) {
        String c = v.conversationId();
        if (c != null) {
          visitorByConversation.remove(c, v.visitorId());
        }
      }
      return evict;
    });
  }
}
