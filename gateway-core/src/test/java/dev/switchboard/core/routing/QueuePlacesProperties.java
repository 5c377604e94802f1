package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.EscalationConfig;
import dev.switchboard.config.Percent;
import dev.switchboard.config.RoutingConfig.Strategy;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.RoutingDecision.QueuePlace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The place in line from the ranked index equals a count over the whole queue, on random small worlds
 * (strategies, tiers, skills, offers, declines, promotions and widening, transfers, time), so the index
 * is kept in step through every change a waiting chat goes through; and the head of the queue the desks
 * are shown ({@link RoutingCore#queueHead}) is the start of the whole ordered queue, with its total.
 */
class QueuePlacesProperties {

  private static final String[] TIERS = {"vip", "standard", "basic"};
  private static final String[] SKILLS = {"incident", "billing"};

  @Property(tries = 300)
  void thePlaceIsTheCountOfChatsAheadForTheAgentsWhoCanTakeIt(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 1_000) Integer> agentSpecs,
      @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 0, max = 100_000) Integer> steps,
      @ForAll Strategy strategy, @ForAll boolean escalate) {
    Fixture f = new Fixture();
    f.strategy = strategy;
    f.offerTimeout = Duration.ofMinutes(10); // offers outlive escalations: a waiting chat changes while offered
    if (escalate) {
      f.escalation = List.of(new EscalationConfig(Percent.parse("30%"), 1, false),
          new EscalationConfig(Percent.parse("60%"), 0, true));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < agentSpecs.size(); i++) {
      int spec = agentSpecs.get(i);
      ids.add("agent" + i);
      List<String> tiers = spec % 3 == 0 ? List.of() : List.of(TIERS[spec % 3], TIERS[(spec / 3) % 3]);
      List<String> skills = spec % 4 == 0 ? List.of(SKILLS[(spec / 4) % 2]) : spec % 4 == 1 ? List.of(SKILLS) : List.of();
      f.agent("agent" + i, tiers.stream().distinct().toList(), skills,
          Map.of("chat", spec % 5 == 0 ? 0 : 1 + spec % 2, "sms", 1, "email", 1));
    }
    RoutingCore core = f.core();
    Map<ConversationId, List<String>> skillsOf = new HashMap<>();

    for (int step : steps) {
      int op = step % 10;
      int arg = step / 10;
      String agent = ids.get(arg % ids.size());
      switch (op) {
        case 0, 1, 2 -> {
          Conversation c = f.conversation(arg % 4 == 0 ? Channel.SMS : Channel.CHAT);
          List<String> skills = arg % 3 == 0 ? List.of(SKILLS[arg % 2]) : List.of();
          skillsOf.put(c.id(), skills);
          core.enqueue(c, new Classification(TIERS[(arg / 3) % 3], skills, true), null, f.now());
        }
        case 3 -> core.agentConnected(agent, f.now());
        case 4 -> core.agentDisconnected(agent, f.now());
        case 5 -> offerTo(core, agent).ifPresent(id -> {
          if (arg % 2 == 0) {
            core.accept(agent, id, f.now());
          } else {
            core.decline(agent, id, f.now());
          }
        });
        case 6 -> heldBy(core, agent, arg).ifPresent(id -> core.transferToTier(agent, id, TIERS[arg % 3], f.now()));
        case 7 -> { // a reload with another order
          f.strategy = Strategy.values()[arg % Strategy.values().length];
          core.reconfigure(f.policy(), f.now());
        }
        default -> {
          f.advance(Duration.ofSeconds(1 + arg % 300));
          core.tick(f.now());
        }
      }
      core.drainDecisions();

      List<QueueView.Entry> line = core.queue();
      // The desks' head of the queue is the same line cut short, whatever the limit.
      int limit = arg % 8;
      assertThat(core.queueHead(limit))
          .isEqualTo(new QueueView.Head(line.size(), line.subList(0, Math.min(limit, line.size()))));
      Map<ConversationId, Integer> expected = new HashMap<>();
      for (int i = 0; i < line.size(); i++) {
        QueueView.Entry w = line.get(i);
        if (w.channel() != Channel.CHAT) {
          continue;
        }
        int ahead = 0;
        for (int j = 0; j < i; j++) {
          QueueView.Entry x = line.get(j);
          if (x.channel() == Channel.CHAT && servedTogether(f.agents, w, x, skillsOf)) {
            ahead++;
          }
        }
        expected.put(w.conversationId(), ahead + 1);
        core.watchPlace(w.conversationId(), false, f.now());
        core.watchPlace(w.conversationId(), true, f.now()); // a fresh watch is told at once
      }
      Map<ConversationId, Integer> told = new HashMap<>();
      for (RoutingDecision d : core.drainDecisions()) {
        if (d instanceof QueuePlace p) {
          told.put(p.conversationId(), p.position());
        }
      }
      assertThat(told).as("places after step %s", step).isEqualTo(expected);
    }
  }

  /** Whether {@code x} is in {@code w}'s own group, or some agent with chat seats can take both. */
  private static boolean servedTogether(List<AgentConfig> agents, QueueView.Entry w, QueueView.Entry x,
      Map<ConversationId, List<String>> skillsOf) {
    if (group(w, skillsOf).equals(group(x, skillsOf))) {
      return true;
    }
    return agents.stream().anyMatch(a -> a.capacity().getOrDefault("chat", 0) > 0
        && admits(a, w, skillsOf) && admits(a, x, skillsOf));
  }

  private static Object group(QueueView.Entry e, Map<ConversationId, List<String>> skillsOf) {
    return e.widened() ? "widened" : List.of(e.tier(), java.util.Set.copyOf(skillsOf.get(e.conversationId())));
  }

  private static boolean admits(AgentConfig a, QueueView.Entry e, Map<ConversationId, List<String>> skillsOf) {
    return e.widened() || ((a.tiers().isEmpty() || a.tiers().contains(e.tier()))
        && a.skills().containsAll(skillsOf.get(e.conversationId())));
  }

  private static Optional<ConversationId> offerTo(RoutingCore core, String agent) {
    return core.queue().stream().filter(e -> agent.equals(e.offeredTo()))
        .map(QueueView.Entry::conversationId).findFirst();
  }

  private static Optional<ConversationId> heldBy(RoutingCore core, String agent, int pick) {
    List<ConversationId> held = core.agents().stream().filter(a -> a.id().equals(agent)).findFirst()
        .orElseThrow().conversations();
    return held.isEmpty() ? Optional.empty() : Optional.of(held.get(pick % held.size()));
  }
}
