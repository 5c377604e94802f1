package dev.switchboard.core.routing;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.AutoReplyConfig;
import dev.switchboard.config.BusinessHoursConfig;
import dev.switchboard.config.EscalationConfig;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.config.RoutingConfig.Strategy;
import dev.switchboard.config.RuleConfig;
import dev.switchboard.config.TierConfig;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.routing.RoutingDecision.Offer;
import dev.switchboard.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds routing policies, agents and conversations for the core's tests, with a clock moved by hand. */
final class Fixture {

  static final List<TierConfig> TIERS = List.of(
      new TierConfig("vip", Duration.ofMinutes(2), Duration.ofMinutes(5)),
      new TierConfig("standard", Duration.ofMinutes(15), Duration.ofHours(1)),
      new TierConfig("basic", Duration.ofHours(4), Duration.ofHours(8)));

  final MutableClock clock = MutableClock.startingAt("2026-03-02T10:00:00Z"); // a Monday
  Strategy strategy = Strategy.STRICT_PRIORITY;
  List<RuleConfig> rules = List.of();
  List<EscalationConfig> escalation = List.of();
  BusinessHoursConfig hours;
  Duration offerTimeout = Duration.ofSeconds(30);
  Duration grace = Duration.ofMinutes(2);
  Duration answerTimeout;
  dev.switchboard.config.Percent warnAt;
  List<TierConfig> tiers = TIERS;
  Map<String, BusinessHoursConfig> schedules = Map.of();
  final List<AgentConfig> agents = new ArrayList<>();
  ContactDirectory directory = ContactDirectory.empty();

  Fixture agent(String id, List<String> tiers, List<String> skills, Map<String, Integer> capacity) {
    agents.add(new AgentConfig(id, id, null, tiers, skills, capacity, false));
    return this;
  }

  Fixture agent(String id) {
    return agent(id, List.of(), List.of(), Map.of("chat", 2, "sms", 2, "email", 2));
  }

  Fixture supervisor(String id) {
    agents.add(new AgentConfig(id, id, null, List.of(), List.of(), Map.of("chat", 2, "sms", 2, "email", 2), true));
    return this;
  }

  RoutingConfig routing() {
    return RoutingConfig.builder().strategy(strategy).offerTimeout(offerTimeout).tiers(tiers).rules(rules)
        .escalation(escalation).businessHours(hours).autoReply(new AutoReplyConfig(true, null, null))
        .stickyWindow(Duration.ofDays(7)).disconnectGrace(grace).answerTimeout(answerTimeout).schedules(schedules).warnAt(warnAt).build();
  }

  RoutingPolicy policy() {
    return RoutingPolicy.of(routing(), agents, directory);
  }

  RoutingCore core() {
    return new RoutingCore(policy(), now());
  }

  /** A core with every agent connected and available. */
  RoutingCore connectedCore() {
    RoutingCore core = core();
    for (AgentConfig a : agents) {
      core.agentConnected(a.id(), now());
    }
    core.drainDecisions();
    return core;
  }

  Instant now() {
    return clock.instant();
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  /** A freshly ingested, unrouted conversation queued now. */
  Conversation conversation(Channel channel) {
    Instant t = now();
    return Conversation.builder(ConversationId.random(), "REF" + (int) (Math.random() * 1000), ContactId.random(),
        channel, "thread-" + System.nanoTime(), t)
        .queuedAt(t).build();
  }

  static Classification tier(String tier, String... skills) {
    return new Classification(tier, List.of(skills), true);
  }

  static List<Offer> offers(List<RoutingDecision> decisions) {
    return decisions.stream().filter(Offer.class::isInstance).map(Offer.class::cast).toList();
  }

  static <T extends RoutingDecision> List<T> only(Class<T> type, List<RoutingDecision> decisions) {
    return decisions.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
