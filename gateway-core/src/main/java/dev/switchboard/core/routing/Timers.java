package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ConversationId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The router's timers as data, fired by {@link #due} with the injected clock's time. A timer is never
 * cancelled: its handler checks that what it was set for still holds, which keeps state in one place.
 */
final class Timers {

  /** What a timer is for; each variant names what its handler re-checks. */
  sealed interface Timer {}

  /** The offer of {@code conversation} to {@code agent} runs out. */
  record OfferExpiry(ConversationId conversation, String agent) implements Timer {
    OfferExpiry {
      requireNonNull(conversation, "conversation");
      requireNonNull(agent, "agent");
    }
  }

  /** The grace period of a disconnected agent ends. */
  record DisconnectGrace(String agent) implements Timer {
    DisconnectGrace {
      requireNonNull(agent, "agent");
    }
  }

  /** An escalation step of a waiting conversation is due. */
  record Escalation(ConversationId conversation) implements Timer {
    Escalation {
      requireNonNull(conversation, "conversation");
    }
  }

  /** A response target of a conversation is due; also the key under which it is armed, so it is armed once. */
  record ResponseDue(RoutingDecision.SlaKind kind, ConversationId conversation) implements Timer {
    ResponseDue {
      requireNonNull(kind, "kind");
      requireNonNull(conversation, "conversation");
    }
  }

  /** The conversation {@code agent} accepted has had no reply from them for {@code routing.answerTimeout}. */
  record AnswerDue(ConversationId conversation, String agent) implements Timer {
    AnswerDue {
      requireNonNull(conversation, "conversation");
      requireNonNull(agent, "agent");
    }
  }

  /** A conversation reaches {@code routing.warnAt} of its first-response target. */
  record SlaWarningDue(ConversationId conversation) implements Timer {
    SlaWarningDue {
      requireNonNull(conversation, "conversation");
    }
  }

  /** A waiting conversation's queue key changes by time alone (declared by the strategy). */
  record Refile(ConversationId conversation) implements Timer {
    Refile {
      requireNonNull(conversation, "conversation");
    }
  }

  /** A timer armed for {@code at}; {@code seq} keeps timers due at the same instant in arming order. */
  record Armed(Instant at, long seq, Timer timer) {}

  private final PriorityQueue<Armed> queue = new PriorityQueue<>(Timers::earlier);
  private long seq;

  void at(Instant at, Timer timer) {
    queue.add(new Armed(requireNonNull(at, "at"), seq++, requireNonNull(timer, "timer")));
  }

  /** Removes and returns the timers due at {@code now}, earliest first. */
  List<Armed> due(Instant now) {
    List<Armed> out = new ArrayList<>();
    while (!queue.isEmpty() && !queue.peek().at().isAfter(now)) {
      out.add(queue.poll());
    }
    return out;
  }

  private static int earlier(Armed a, Armed b) {
    int c = a.at().compareTo(b.at());
    return c != 0 ? c : Long.compare(a.seq(), b.seq());
  }

  int size() {
    return queue.size();
  }
}
