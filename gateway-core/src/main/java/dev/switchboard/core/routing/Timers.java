package dev.switchboard.core.routing;

import dev.switchboard.core.model.ConversationId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The router's timers as data, fired by {@link #due} with the injected clock's time. A timer is never
 * cancelled: its handler checks that what it was set for still holds, which keeps state in one place.
 */
final class Timers {

  enum Kind { OFFER_EXPIRY, DISCONNECT_GRACE, ESCALATION, FIRST_RESPONSE_DUE, NEXT_RESPONSE_DUE }

  record Timer(Instant at, long seq, Kind kind, ConversationId conversation, String agent) {}

  private final PriorityQueue<Timer> queue =
      new PriorityQueue<>(Comparator.comparing(Timer::at).thenComparingLong(Timer::seq));
  private long seq;

  void at(Instant at, Kind kind, ConversationId conversation, String agent) {
    queue.add(new Timer(at, seq++, kind, conversation, agent));
  }

  /** Removes and returns the timers due at {@code now}, earliest first. */
  List<Timer> due(Instant now) {
    List<Timer> out = new ArrayList<>();
    while (!queue.isEmpty() && !queue.peek().at().isAfter(now)) {
      out.add(queue.poll());
    }
    return out;
  }

  int size() {
    return queue.size();
  }
}
