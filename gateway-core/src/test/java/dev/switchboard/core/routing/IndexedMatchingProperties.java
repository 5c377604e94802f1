package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.EscalationConfig;
import dev.switchboard.config.Percent;
import dev.switchboard.config.RoutingConfig.Strategy;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The indexed router decides exactly as the reference (the first router's whole-queue scan, kept in
 * {@link ReferenceMatching}): on random small worlds, driven through the same commands, both cores make
 * the same decisions in the same order (offers included), and show the same queue and agents.
 */
class IndexedMatchingProperties {

  private static final String[] TIERS = {"vip", "standard", "basic"};
  private static final String[] SKILLS = {"incident", "billing"};

  @Property(tries = 400)
  void theIndexDecidesExactlyAsTheReferenceScan(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 1_000) Integer> agentSpecs,
      @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 0, max = 100_000) Integer> steps,
      @ForAll Strategy strategy, @ForAll boolean escalate) {
    Fixture f = new Fixture();
    f.strategy = strategy;
    if (escalate) {
      f.escalation = List.of(new EscalationConfig(Percent.parse("30%"), 1, false),
          new EscalationConfig(Percent.parse("60%"), 0, true));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < agentSpecs.size(); i++) {
      int spec = agentSpecs.get(i);
      String id = "agent" + i;
      ids.add(id);
      List<String> tiers = spec % 3 == 0 ? List.of() : List.of(TIERS[spec % 3], TIERS[(spec / 3) % 3]);
      List<String> skills = spec % 4 == 0 ? List.of(SKILLS[(spec / 4) % 2]) : spec % 4 == 1 ? List.of(SKILLS) : List.of();
      f.agent(id, tiers.stream().distinct().toList(), skills,
          Map.of("chat", 1 + spec % 3, "sms", (spec / 7) % 3, "email", 1 + (spec / 11) % 2));
    }
    RoutingCore indexed = new RoutingCore(f.policy(), f.now(), new IndexedMatching());
    RoutingCore reference = new RoutingCore(f.policy(), f.now(), new ReferenceMatching(f.strategy));

    for (int step : steps) {
      int op = step % 11;
      int arg = step / 11;
      String agent = ids.get(arg % ids.size());
      switch (op) {
        case 0, 1, 2 -> {
          Conversation c = f.conversation(Channel.values()[arg % 3]);
          List<String> skills = arg % 4 == 0 ? List.of(SKILLS[arg % 2]) : List.of();
          Classification cls = new Classification(TIERS[(arg / 3) % 3], skills, true);
          String sticky = arg % 5 == 0 ? agent : null;
          both(indexed, reference, core -> core.enqueue(c, cls, sticky, f.now()));
        }
        case 3 -> both(indexed, reference, core -> core.agentConnected(agent, f.now()));
        case 4 -> both(indexed, reference, core -> core.agentDisconnected(agent, f.now()));
        case 5 -> both(indexed, reference,
            core -> core.presence(agent, arg % 3 == 0 ? Presence.AWAY : Presence.AVAILABLE, f.now()));
        case 6 -> firstOffer(reference, agent).ifPresent(id -> both(indexed, reference, core -> core.accept(agent, id, f.now())));
        case 7 -> firstOffer(reference, agent).ifPresent(id -> both(indexed, reference, core -> core.decline(agent, id, f.now())));
        case 8 -> held(reference, agent, arg).ifPresent(id -> both(indexed, reference, core -> {
          if (arg % 2 == 0) {
            core.resolve(agent, id, f.now());
          } else {
            core.transferToTier(agent, id, TIERS[arg % 3], f.now());
          }
        }));
        default -> {
          f.advance(Duration.ofSeconds(1 + arg % 300));
          both(indexed, reference, core -> core.tick(f.now()));
        }
      }
      assertThat(indexed.drainDecisions()).as("decisions after step %s", step)
          .containsExactlyElementsOf(reference.drainDecisions());
      assertThat(indexed.drainChanged()).containsExactlyElementsOf(reference.drainChanged());
      assertThat(indexed.queue()).containsExactlyElementsOf(reference.queue());
      assertThat(indexed.agents()).containsExactlyElementsOf(reference.agents());
    }
  }

  private static void both(RoutingCore indexed, RoutingCore reference, java.util.function.Consumer<RoutingCore> command) {
    command.accept(indexed);
    command.accept(reference);
  }

  private static Optional<ConversationId> firstOffer(RoutingCore core, String agent) {
    return core.queue().stream().filter(e -> agent.equals(e.offeredTo()))
        .map(QueueView.Entry::conversationId).findFirst();
  }

  private static Optional<ConversationId> held(RoutingCore core, String agent, int pick) {
    List<ConversationId> held = core.agents().stream().filter(a -> a.id().equals(agent)).findFirst()
        .orElseThrow().conversations();
    return held.isEmpty() ? Optional.empty() : Optional.of(held.get(pick % held.size()));
  }
}
