package dev.switchboard.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Tiers, the rules that pick one, and how the queue is ordered and offered. {@code answerTimeout}: an
 * accepted conversation with no agent reply within it goes back to the queue; {@code null} (the
 * default) is off. {@code schedules}: named opening hours a tier's SLA clock can follow
 * ({@code tiers[].businessHours}). {@code warnAt}: supervisors are warned when a conversation has used
 * that share of its first-response target; {@code null} (the default) is off.
 * {@code incidentMaxConversations}: an incident that would link more open conversations is refused.
 * {@code teamViewInterval}: the shortest time between two reads of the router's state for the desks'
 * {@code team} and {@code queue} frames, taken when a routing term starts.
 */
public record RoutingConfig(
    Strategy strategy,
    @Positive Duration offerTimeout,
    List<TierConfig> tiers,
    List<RuleConfig> rules,
    List<EscalationConfig> escalation,
    BusinessHoursConfig businessHours,
    AutoReplyConfig autoReply,
    Duration stickyWindow,
    Duration disconnectGrace,
    @Positive Duration answerTimeout,
    Map<String, BusinessHoursConfig> schedules,
    Percent warnAt,
    @Positive Integer incidentMaxConversations,
    @Positive Duration teamViewInterval) {

  /** One read a second: a busy queue costs the router one read a second for all desks. */
  public static final Duration DEFAULT_TEAM_VIEW_INTERVAL = Duration.ofSeconds(1);

  public RoutingConfig {
    strategy = strategy == null ? Strategy.EARLIEST_DEADLINE : strategy;
    offerTimeout = offerTimeout == null ? Duration.ofSeconds(30) : offerTimeout;
    tiers = tiers == null ? List.of(new TierConfig("standard", Duration.ofMinutes(15), Duration.ofHours(1))) : List.copyOf(tiers);
    rules = rules == null ? List.of() : List.copyOf(rules);
    escalation = escalation == null ? List.of() : List.copyOf(escalation);
    autoReply = autoReply == null ? new AutoReplyConfig(null, null, null) : autoReply;
    stickyWindow = stickyWindow == null ? Duration.ofDays(7) : stickyWindow;
    disconnectGrace = disconnectGrace == null ? Duration.ofMinutes(2) : disconnectGrace;
    schedules = schedules == null ? Map.of() : Map.copyOf(schedules);
    incidentMaxConversations = incidentMaxConversations == null ? 100_000 : incidentMaxConversations;
    teamViewInterval = teamViewInterval == null ? DEFAULT_TEAM_VIEW_INTERVAL : teamViewInterval;
  }

  static RoutingConfig defaults() {
    return builder().build();
  }

  /** A builder for code that makes a routing config (tests, benchmarks); every setting left out gets its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the settings of a {@link RoutingConfig}; unset ones get the record's defaults. */
  public static final class Builder {
    private Strategy strategy;
    private Duration offerTimeout;
    private List<TierConfig> tiers;
    private List<RuleConfig> rules;
    private List<EscalationConfig> escalation;
    private BusinessHoursConfig businessHours;
    private AutoReplyConfig autoReply;
    private Duration stickyWindow;
    private Duration disconnectGrace;
    private Duration answerTimeout;
    private Map<String, BusinessHoursConfig> schedules;
    private Percent warnAt;
    private Integer incidentMaxConversations;
    private Duration teamViewInterval;

    private Builder() {}

    public Builder strategy(Strategy v) {
      strategy = v;
      return this;
    }

    public Builder offerTimeout(Duration v) {
      offerTimeout = v;
      return this;
    }

    public Builder tiers(List<TierConfig> v) {
      tiers = v;
      return this;
    }

    public Builder rules(List<RuleConfig> v) {
      rules = v;
      return this;
    }

    public Builder escalation(List<EscalationConfig> v) {
      escalation = v;
      return this;
    }

    public Builder businessHours(BusinessHoursConfig v) {
      businessHours = v;
      return this;
    }

    public Builder autoReply(AutoReplyConfig v) {
      autoReply = v;
      return this;
    }

    public Builder stickyWindow(Duration v) {
      stickyWindow = v;
      return this;
    }

    public Builder disconnectGrace(Duration v) {
      disconnectGrace = v;
      return this;
    }

    public Builder answerTimeout(Duration v) {
      answerTimeout = v;
      return this;
    }

    public Builder schedules(Map<String, BusinessHoursConfig> v) {
      schedules = v;
      return this;
    }

    public Builder warnAt(Percent v) {
      warnAt = v;
      return this;
    }

    public Builder incidentMaxConversations(Integer v) {
      incidentMaxConversations = v;
      return this;
    }

    public Builder teamViewInterval(Duration v) {
      teamViewInterval = v;
      return this;
    }

    public RoutingConfig build() {
      return new RoutingConfig(strategy, offerTimeout, tiers, rules, escalation, businessHours, autoReply,
          stickyWindow, disconnectGrace, answerTimeout, schedules, warnAt,
          incidentMaxConversations, teamViewInterval);
    }
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
