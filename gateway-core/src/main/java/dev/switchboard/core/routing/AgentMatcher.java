package dev.switchboard.core.routing;

import dev.switchboard.config.RoutingConfig.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The queue order of a strategy, and which agent gets a waiting conversation. */
final class AgentMatcher {

  private static final Comparator<Waiting> FIFO =
      Comparator.comparing((Waiting w) -> w.queuedAt).thenComparingLong(w -> w.arrival);

  private static final Comparator<AgentSeat> LEAST_LOADED_THEN_LONGEST_IDLE =
      Comparator.comparingInt(AgentSeat::totalLoad)
          .thenComparing(s -> s.idleSince)
          .thenComparing(AgentSeat::id);

  private AgentMatcher() {}

  static Comparator<Waiting> order(Strategy strategy) {
    return switch (strategy) {
      case STRICT_PRIORITY -> Comparator.comparingInt((Waiting w) -> w.rank).thenComparing(FIFO);
      case EARLIEST_DEADLINE -> Comparator.comparing((Waiting w) -> w.deadline)
          .thenComparingInt(w -> w.rank).thenComparing(FIFO);
    };
  }

  /** Whether {@code seat} may be offered {@code w} now, leaving declines aside. */
  static boolean eligible(AgentSeat seat, Waiting w) {
    if (!seat.available() || !seat.hasRoom(w.channel)) {
      return false;
    }
    return w.widened || (seat.serves(w.tier) && seat.config.skills().containsAll(w.skills));
  }

  /**
   * The agent to offer {@code w} to, or null. The sticky agent first when eligible; then, among the
   * eligible agents who have not declined it, the least loaded, then the longest idle. An agent who
   * declined (or let the offer expire) gets it again only when no one else is eligible and one offer
   * timeout has passed since.
   */
  static AgentSeat pick(Waiting w, Collection<AgentSeat> seats, Instant now, Duration offerTimeout) {
    List<AgentSeat> eligible = seats.stream().filter(s -> eligible(s, w)).toList();
    if (eligible.isEmpty()) {
      return null;
    }
    if (w.sticky != null && !w.declinedBy.containsKey(w.sticky)) {
      for (AgentSeat s : eligible) {
        if (s.id().equals(w.sticky)) {
          return s;
        }
      }
    }
    List<AgentSeat> fresh = eligible.stream().filter(s -> !w.declinedBy.containsKey(s.id())).toList();
    if (!fresh.isEmpty()) {
      return fresh.stream().min(LEAST_LOADED_THEN_LONGEST_IDLE).orElseThrow();
    }
    return eligible.stream()
        .filter(s -> cooledDown(w.declinedBy, s.id(), now, offerTimeout))
        .min(LEAST_LOADED_THEN_LONGEST_IDLE)
        .orElse(null);
  }

  private static boolean cooledDown(Map<String, Instant> declinedBy, String agent, Instant now, Duration timeout) {
    Instant at = declinedBy.get(agent);
    return at == null || !now.isBefore(at.plus(timeout));
  }
}
