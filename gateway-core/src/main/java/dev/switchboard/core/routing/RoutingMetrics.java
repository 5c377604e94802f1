package dev.switchboard.core.routing;

import dev.switchboard.core.routing.RoutingDecision.Assign;
import dev.switchboard.core.routing.RoutingDecision.Escalate;
import dev.switchboard.core.routing.RoutingDecision.Offer;
import dev.switchboard.core.routing.RoutingDecision.OfferRevoked;
import dev.switchboard.core.routing.RoutingDecision.SlaBreach;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The router's meters, all under {@code switchboard.routing.*}, fed from its decisions. Counters are shared
 * by every router of the registry (they add up across terms); the queue-size gauges are this router's and
 * are removed by {@link #close}, so the router of the next term (a new leadership on the same node)
 * registers its own instead of finding the old one's bound to a queue that no longer moves.
 */
final class RoutingMetrics implements AutoCloseable {

  private final MeterRegistry meters;
  private final Map<String, AtomicInteger> queueSize = new ConcurrentHashMap<>();
  private final Map<String, Gauge> queueGauges = new ConcurrentHashMap<>();
  private final Counter offers;
  private final Counter expired;
  private final Counter declined;
  private final FirstResponseMeters firstResponse;

  RoutingMetrics(MeterRegistry meters) {
    this.meters = meters;
    offers = Counter.builder("switchboard.routing.offers").description("Offers made to agents").register(meters);
    expired = Counter.builder("switchboard.routing.offers.expired").description("Offers that timed out")
        .register(meters);
    declined = Counter.builder("switchboard.routing.offers.declined").description("Offers agents declined")
        .register(meters);
    firstResponse = new FirstResponseMeters(meters);
    for (SaveFailure outcome : SaveFailure.values()) {
      saveFailures(outcome); // at zero from the start, so an alert on increase(...) sees the first one
    }
  }

  void record(List<RoutingDecision> decisions, Instant now) {
    for (RoutingDecision d : decisions) {
      if (d instanceof Offer) {
        offers.increment();
      } else if (d instanceof OfferRevoked r) {
        if (r.reason() == RoutingDecision.RevokeReason.EXPIRED) {
          expired.increment();
        } else if (r.reason() == RoutingDecision.RevokeReason.DECLINED) {
          declined.increment();
        }
      } else if (d instanceof SlaBreach b) {
        breaches(String.valueOf(b.tier()), b.kind()).increment();
      } else if (d instanceof RoutingDecision.Release r && r.reason() == RoutingDecision.ReleaseReason.ANSWER_TIMEOUT) {
        Counter.builder("switchboard.routing.answer.timeouts")
            .description("Accepted conversations sent back to the queue with no reply in routing.answerTimeout")
            .tag("tier", String.valueOf(r.conversation().tier())).register(meters).increment();
      } else if (d instanceof RoutingDecision.SlaWarning w) {
        Counter.builder("switchboard.routing.sla.warnings")
            .description("Conversations that passed routing.warnAt of their first-response target")
            .tag("tier", String.valueOf(w.tier())).tag("state", w.state().key()).register(meters).increment();
      } else if (d instanceof RoutingDecision.FirstResponse r) {
        firstResponse.record(r.tier(), r.elapsed(), r.target());
      } else if (d instanceof Escalate e) {
        Counter.builder("switchboard.routing.escalations").tag("tier", e.fromTier()).register(meters).increment();
      } else if (d instanceof Assign a && a.reason() == RoutingDecision.AssignReason.ACCEPTED && a.conversation().queuedAt() != null) {
        Timer.builder("switchboard.routing.wait").description("Queue time until an agent accepted")
            .tag("tier", String.valueOf(a.conversation().tier())).register(meters)
            .record(Duration.between(a.conversation().queuedAt(), now));
      }
    }
  }

  /** What the router did about a routing change the store refused to save. */
  enum SaveFailure {
    /** An assignment it still held was undone: the agent's seat freed, the conversation waiting again. */
    ASSIGNMENT_UNDONE("assignment_undone"),
    /**
     * An assignment kept because the conversation changed since: saved again as it stands and sent to its
     * agent, whose {@code assigned} was dropped with the failed save.
     */
    ASSIGNMENT_RESENT("assignment_resent"),
    /** Nothing to undo (not an assignment, or changed since): the next save writes the conversation whole. */
    KEPT("kept");

    private final String key;

    SaveFailure(String key) {
      this.key = key;
    }
  }

  /** Counts a routing change the store refused, by what the router did about it. */
  void saveFailed(SaveFailure outcome) {
    saveFailures(outcome).increment();
  }

  private Counter saveFailures(SaveFailure outcome) {
    return Counter.builder("switchboard.routing.save.failures")
        .description("Routing changes the store refused to save, by what the router did about them")
        .tag("outcome", outcome.key).register(meters);
  }

  /** The first-response target of every configured tier, for its histogram's bucket. */
  void firstResponseTargets(Map<String, Duration> targets) {
    firstResponse.targets(targets);
    // At zero from the start, so an alert on increase(...) sees a tier's first breach.
    for (String tier : targets.keySet()) {
      for (RoutingDecision.SlaKind kind : RoutingDecision.SlaKind.values()) {
        breaches(tier, kind);
      }
    }
  }

  private Counter breaches(String tier, RoutingDecision.SlaKind kind) {
    return Counter.builder("switchboard.routing.sla.breaches").description("Response targets missed")
        .tag("tier", tier).tag("kind", kind.key()).register(meters);
  }

  void queueSizes(Map<String, Integer> sizes, List<String> tiers) {
    Map<String, Integer> counts = new HashMap<>();
    for (String t : tiers) {
      counts.put(t, 0);
    }
    sizes.forEach((tier, n) -> {
      if (n > 0) {
        counts.put(tier, n);
      }
    });
    counts.forEach((tier, n) -> queueSize.computeIfAbsent(tier, t -> {
      AtomicInteger holder = new AtomicInteger();
      queueGauges.put(t, Gauge.builder("switchboard.routing.queue.size", holder, AtomicInteger::get)
          .description("Conversations waiting for an agent").tag("tier", t).register(meters));
      return holder;
    }).set(n));
    queueSize.forEach((tier, holder) -> {
      if (!counts.containsKey(tier)) {
        holder.set(0);
      }
    });
  }

  /** Removes this router's gauges from the registry (the router stopped: its term ended). */
  @Override
  public void close() {
    queueGauges.values().forEach(meters::remove);
    queueGauges.clear();
    queueSize.clear();
  }
}
