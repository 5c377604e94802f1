package dev.switchboard.config;

import java.time.Duration;
import java.util.List;

/** Tiers, the rules that pick one, and how the queue is ordered and offered. */
public record RoutingConfig(
    Strategy strategy,
    @Positive Duration offerTimeout,
    List<TierConfig> tiers,
    List<RuleConfig> rules,
    List<EscalationConfig> escalation,
    BusinessHoursConfig businessHours,
    AutoReplyConfig autoReply,
    Duration stickyWindow,
    Duration disconnectGrace) {

  public RoutingConfig {
    strategy = strategy == null ? Strategy.EARLIEST_DEADLINE : strategy;
    offerTimeout = offerTimeout == null ? Duration.ofSeconds(30) : offerTimeout;
    tiers = tiers == null ? List.of(new TierConfig("standard", Duration.ofMinutes(15), Duration.ofHours(1))) : List.copyOf(tiers);
    rules = rules == null ? List.of() : List.copyOf(rules);
    escalation = escalation == null ? List.of() : List.copyOf(escalation);
    autoReply = autoReply == null ? new AutoReplyConfig(null, null, null) : autoReply;
    stickyWindow = stickyWindow == null ? Duration.ofDays(7) : stickyWindow;
    disconnectGrace = disconnectGrace == null ? Duration.ofMinutes(2) : disconnectGrace;
  }

  static RoutingConfig defaults() {
    return new RoutingConfig(null, null, null, null, null, null, null, null, null);
  }

  /** How waiting conversations are ordered. */
  public enum Strategy {
    /** A higher tier always goes first; first in, first out within a tier. */
    STRICT_PRIORITY,
    /** Earliest SLA deadline first, across tiers, so no tier starves. */
    EARLIEST_DEADLINE,
    /**
     * The highest tier first; then earliest deadline among the conversations that can still make their
     * target; late ones after, so an overload does not make every conversation late in turn.
     */
    SAVEABLE_DEADLINE
  }
}
