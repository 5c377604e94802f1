package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.AutoReplyConfig;
import dev.switchboard.config.EscalationConfig;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.Percent;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.config.RoutingConfig.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing part of the config, checked and compiled once (rules to predicates, tiers to ranks), so a
 * reload either yields a whole new policy or fails with the reason and leaves the old one in place.
 */
public final class RoutingPolicy {

  final Strategy strategy;
  final Duration offerTimeout;
  final Duration stickyWindow;
  final Duration disconnectGrace;
  /** How long an accepted conversation may go without a reply before it returns to the queue; null: never. */
  final Duration answerTimeout;
  /** The share of the first-response target at which supervisors are warned; null: never. */
  final Percent warnAt;
  final Tiers tiers;
  final Classifier classifier;
  final BusinessHours hours;
  final List<EscalationConfig> escalation;
  final AutoReplyConfig autoReply;
  final Map<String, AgentConfig> agents;
  final ContactDirectory directory;

  private RoutingPolicy(RoutingConfig routing, List<AgentConfig> agents, ContactDirectory directory) {
    requireNonNull(routing, "routing");
    this.strategy = routing.strategy();
    this.offerTimeout = positive(routing.offerTimeout(), "routing.offerTimeout");
    this.stickyWindow = requireNonNull(routing.stickyWindow(), "routing.stickyWindow");
    this.disconnectGrace = requireNonNull(routing.disconnectGrace(), "routing.disconnectGrace");
    this.warnAt = routing.warnAt();
    if (warnAt != null && (warnAt.fraction() <= 0 || warnAt.fraction() >= 1)) {
      throw new IllegalArgumentException("routing.warnAt: " + warnAt + " (expected: above 0% and below 100%)");
    }
    this.answerTimeout = routing.answerTimeout() == null ? null : positive(routing.answerTimeout(), "routing.answerTimeout");
    this.tiers = new Tiers(routing.tiers(), routing.schedules());
    this.hours = new BusinessHours(routing.businessHours());
    this.classifier = new Classifier(routing.rules(), tiers, hours);
    List<EscalationConfig> steps = new ArrayList<>(routing.escalation());
    for (EscalationConfig e : steps) {
      requireNonNull(e.at(), "routing.escalation[].at");
    }
    steps.sort(Comparator.comparingDouble(e -> e.at().fraction()));
    this.escalation = List.copyOf(steps);
    this.autoReply = routing.autoReply();
    Map<String, AgentConfig> byId = new LinkedHashMap<>();
    for (AgentConfig a : agents) {
      requireNonNull(a.id(), "agents[].id");
      if (byId.putIfAbsent(a.id(), a) != null) {
        throw new IllegalArgumentException("agents: duplicate id `" + a.id() + "`");
      }
      for (String t : a.tiers()) {
        if (!tiers.contains(t)) {
          throw new IllegalArgumentException("agents." + a.id() + ".tiers: unknown tier `" + t + "`");
        }
      }
    }
    this.agents = Map.copyOf(byId);
    this.directory = requireNonNull(directory, "directory");
  }

  /** Compiles the policy; throws {@link IllegalArgumentException} naming the first bad setting. */
  public static RoutingPolicy of(RoutingConfig routing, List<AgentConfig> agents, ContactDirectory directory) {
    return new RoutingPolicy(routing, agents, directory);
  }

  /** The policy of a whole config, reading the contacts file when one is configured. */
  public static RoutingPolicy of(GatewayConfig config) throws java.io.IOException {
    ContactDirectory directory = config.contacts().file() == null
        ? ContactDirectory.empty()
        : ContactDirectory.load(config.contacts().file());
    return of(config.routing(), config.agents(), directory);
  }

  public List<String> tierNames() {
    return tiers.names();
  }

  /** Each tier's first-response target, highest tier first. */
  Map<String, Duration> firstResponseTargets() {
    Map<String, Duration> targets = new LinkedHashMap<>();
    for (String t : tiers.names()) {
      targets.put(t, tiers.firstResponse(t));
    }
    return targets;
  }

  private static Duration positive(Duration d, String name) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
    return d;
  }
}
