package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.EscalationConfig;
import dev.switchboard.config.Percent;
import dev.switchboard.config.RoutingConfig.Strategy;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.RoutingDecision.OfferRevoked;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever agents and customers do, in any order: no agent ever holds or is offered more than their
 * capacity on a channel, and no eligible agent stays idle while work they could take waits un-offered;
 * with {@code answerTimeout} and {@code warnAt} on, the same holds and no conversation is warned twice.
 */
class RoutingInvariantsProperties {

  private static final String[] TIERS = {"vip", "standard", "basic"};
  private static final String[] SKILLS = {"incident", "billing"};

  @Property(tries = 300)
  void capacityIsNeverExceededAndNoEligibleAgentIdlesWhileWorkWaits(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 100_000) Integer> steps,
      @ForAll boolean earliestDeadline, @ForAll boolean escalate, @ForAll boolean answerTimeoutAndWarnings) {
    Fixture f = new Fixture();
    if (answerTimeoutAndWarnings) {
      f.answerTimeout = Duration.ofMinutes(3);
      f.warnAt = Percent.parse("80%");
    }
    f.strategy = earliestDeadline ? Strategy.EARLIEST_DEADLINE : Strategy.STRICT_PRIORITY;
    if (escalate) {
      f.escalation = List.of(new EscalationConfig(Percent.parse("50%"), 1, false),
          new EscalationConfig(Percent.parse("90%"), 0, true));
    }
    f.agent("alice", List.of("vip", "standard"), List.of("incident"), Map.of("chat", 2, "sms", 1, "email", 3));
    f.agent("bob", List.of(), List.of(), Map.of("chat", 1, "email", 1));
    f.agent("carol", List.of("basic"), List.of("billing"), Map.of("chat", 3, "sms", 2));
    Map<String, AgentConfig> agents = new HashMap<>();
    f.agents.forEach(a -> agents.put(a.id(), a));
    RoutingCore core = f.core();
    Map<ConversationId, List<String>> skillsOf = new HashMap<>();
    Set<String> refused = new HashSet<>(); // agent|conversation pairs that declined, let an offer lapse or left it unanswered
    Set<ConversationId> warned = new HashSet<>();
    List<String> ids = List.of("alice", "bob", "carol");

    for (int step : steps) {
      int op = step % 9;
      int arg = step / 9;
      String agent = ids.get(arg % 3);
      switch (op) {
        case 0, 1 -> {
          Conversation c = f.conversation(Channel.values()[arg % 3]);
          List<String> skills = arg % 4 == 0 ? List.of(SKILLS[arg % 2]) : List.of();
          skillsOf.put(c.id(), skills);
          core.enqueue(c, new Classification(TIERS[(arg / 3) % 3], skills, true), arg % 5 == 0 ? agent : null, f.now());
        }
        case 2 -> core.agentConnected(agent, f.now());
        case 3 -> core.agentDisconnected(agent, f.now());
        case 4 -> core.presence(agent, arg % 2 == 0 ? Presence.AVAILABLE : Presence.AWAY, f.now());
        case 5 -> firstOffer(core, agent).ifPresent(id -> core.accept(agent, id, f.now()));
        case 6 -> firstOffer(core, agent).ifPresent(id -> core.decline(agent, id, f.now()));
        case 7 -> {
          List<ConversationId> held = agentView(core, agent).conversations();
          if (!held.isEmpty()) {
            core.resolve(agent, held.get(arg % held.size()), f.now());
          }
        }
        default -> {
          f.advance(Duration.ofSeconds(1 + arg % 400));
          core.tick(f.now());
        }
      }
      for (RoutingDecision d : core.drainDecisions()) {
        if (d instanceof OfferRevoked r && (r.reason() == RoutingDecision.RevokeReason.DECLINED || r.reason() == RoutingDecision.RevokeReason.EXPIRED)) {
          refused.add(r.agent() + "|" + r.conversationId());
        } else if (d instanceof RoutingDecision.Release r && r.reason() == RoutingDecision.ReleaseReason.ANSWER_TIMEOUT) {
          refused.add(r.agent() + "|" + r.conversation().id());
        } else if (d instanceof RoutingDecision.SlaWarning w) {
          assertThat(warned.add(w.conversation().id())).as("%s warned twice", w.conversation().id()).isTrue();
        }
      }
      core.drainChanged();
      check(core, agents, skillsOf, refused);
    }
  }

  private static void check(RoutingCore core, Map<String, AgentConfig> agents,
      Map<ConversationId, List<String>> skillsOf, Set<String> refused) {
    List<QueueView.Agent> views = core.agents();
    for (QueueView.Agent a : views) {
      for (Channel ch : Channel.values()) {
        int capacity = agents.get(a.id()).capacity().getOrDefault(ch.key(), 0);
        assertThat(a.load().get(ch.key())).as("%s load on %s", a.id(), ch).isLessThanOrEqualTo(capacity);
      }
    }
    for (QueueView.Entry e : core.queue()) {
      if (e.offeredTo() != null) {
        continue;
      }
      for (QueueView.Agent a : views) {
        AgentConfig cfg = agents.get(a.id());
        boolean eligible = a.connected() && a.presence().equals("available")
            && a.load().get(e.channel().key()) < cfg.capacity().getOrDefault(e.channel().key(), 0)
            && (e.widened() || ((cfg.tiers().isEmpty() || cfg.tiers().contains(e.tier()))
                && cfg.skills().containsAll(skillsOf.get(e.conversationId()))))
            && !refused.contains(a.id() + "|" + e.conversationId());
        assertThat(eligible).as("%s idles while %s waits", a.id(), e.conversationId()).isFalse();
      }
    }
  }

  private static java.util.Optional<ConversationId> firstOffer(RoutingCore core, String agent) {
    return core.queue().stream().filter(e -> agent.equals(e.offeredTo()))
        .map(QueueView.Entry::conversationId).findFirst();
  }

  private static QueueView.Agent agentView(RoutingCore core, String agent) {
    return core.agents().stream().filter(a -> a.id().equals(agent)).findFirst().orElseThrow();
  }

}
