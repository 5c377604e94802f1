package dev.switchboard.core.routing;

import dev.switchboard.config.RoutingConfig.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first router's matching, kept as the reference the index must equal: on every dispatch it sorts
 * the whole queue by the strategy's comparator (not by {@link QueueKey}) and scans every agent for each
 * waiting conversation. O(waiting × agents), and obviously right.
 */
final class ReferenceMatching implements Matching {

  private static final Comparator<Waiting> FIFO =
      Comparator.comparing((Waiting w) -> w.queuedAt).thenComparingLong(w -> w.arrival);

  private static final Comparator<AgentSeat> LEAST_LOADED_THEN_LONGEST_IDLE =
      Comparator.comparingInt(AgentSeat::totalLoad)
          .thenComparing(AgentSeat::idleSince)
          .thenComparing(AgentSeat::id);

  private final Strategy strategy;
  private final Set<Waiting> filed = new HashSet<>();
  private final Map<String, AgentSeat> seats = new LinkedHashMap<>();

  ReferenceMatching(Strategy strategy) {
    this.strategy = strategy;
  }

  /** The queue order as a comparator of the conversations' fields at {@code now}. */
  private Comparator<Waiting> order(Instant now) {
    return switch (strategy) {
      case STRICT_PRIORITY -> Comparator.comparingInt((Waiting w) -> w.rank).thenComparing(FIFO);
      case EARLIEST_DEADLINE -> Comparator.comparing((Waiting w) -> w.deadline)
          .thenComparingInt(w -> w.rank).thenComparing(FIFO);
      // the top tier first; then those that can still make their deadline; the late ones last
      case SAVEABLE_DEADLINE -> Comparator.comparingInt((Waiting w) -> w.rank == 0 ? 0 : now.isBefore(w.deadline) ? 1 : 2)
          .thenComparing(w -> w.deadline).thenComparingInt(w -> w.rank).thenComparing(FIFO);
    };
  }

  @Override
  public void file(Waiting w) {
    filed.add(w);
  }

  @Override
  public void unfile(Waiting w) {
    filed.remove(w);
  }

  @Override
  public void seatChanged(AgentSeat s) {
    seats.put(s.id(), s);
  }

  @Override
  public void seatRemoved(AgentSeat s) {
    seats.remove(s.id());
  }

  @Override
  public void dispatch(Instant now, Duration offerTimeout, Offers offers) {
    List<Waiting> queue = filed.stream().sorted(order(now)).toList();
    for (Waiting w : queue) {
      AgentSeat s = pick(w, seats.values(), now, offerTimeout);
      if (s != null) {
        offers.offer(w, s);
      }
    }
  }

  private static boolean eligible(AgentSeat seat, Waiting w) {
    if (!seat.available() || !seat.hasRoom(w.channel)) {
      return false;
    }
    return w.widened || (seat.serves(w.tier) && seat.config().skills().containsAll(w.skills));
  }

  private static AgentSeat pick(Waiting w, Collection<AgentSeat> seats, Instant now, Duration offerTimeout) {
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
