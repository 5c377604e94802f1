package dev.switchboard.core.routing;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.config.TierConfig;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision with a deep queue: {@code waiting} conversations (three tiers, earliest-deadline
 * strategy) and {@code agents} connected agents, each holding one offer (chat capacity 1). The measured
 * operation is an agent declining its offer: the router puts the conversation back in its place and
 * decides the next offer for that agent. Lives in the routing package because {@code RoutingCore} is
 * package-private. (The first router, which sorted the queue and scanned every agent per decision, took
 * about 54 s per operation here and was timed single-shot; the index takes microseconds.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RoutingDecisionBenchmark {

  @Param("100000")
  public int waiting;

  @Param("1000")
  public int agents;

  private RoutingCore core;
  private Instant now;
  private final Map<String, ConversationId> offered = new HashMap<>();
  private List<String> agentIds;
  private int next;

  @Setup(Level.Trial)
  public void fillQueue() {
    now = Instant.parse("2026-11-24T12:00:00Z");
    List<TierConfig> tiers = List.of(
        new TierConfig("vip", Duration.ofMinutes(2), Duration.ofMinutes(5)),
        new TierConfig("standard", Duration.ofMinutes(15), Duration.ofHours(1)),
        new TierConfig("basic", Duration.ofHours(4), Duration.ofHours(8)));
    RoutingConfig routing = RoutingConfig.builder().strategy(RoutingConfig.Strategy.EARLIEST_DEADLINE)
        .offerTimeout(Duration.ofSeconds(30)).tiers(tiers).build();
    List<AgentConfig> seats = new ArrayList<>();
    agentIds = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String id = "agent" + i;
      agentIds.add(id);
      seats.add(new AgentConfig(id, id, "00", List.of("vip", "standard", "basic"), List.of(),
          Map.of("chat", 1, "sms", 1, "email", 1), false));
    }
    core = new RoutingCore(RoutingPolicy.of(routing, seats, ContactDirectory.empty()), now);
    for (String id : agentIds) {
      core.agentConnected(id, now);
    }
    List<Conversation> queue = new ArrayList<>(waiting);
    for (int i = 0; i < waiting; i++) {
      TierConfig tier = tiers.get(i % 3);
      Instant queuedAt = now.minusSeconds(waiting - i);
      queue.add(Conversation.builder(ConversationId.random(), ref(i), ContactId.random(), Channel.CHAT,
              "visitor-" + i, queuedAt)
          .tier(tier.name()).queuedAt(queuedAt).firstResponseDue(queuedAt.plus(tier.firstResponse())).build());
    }
    core.restore(queue, now);
    record(core.drainDecisions());
    core.drainChanged();
    if (offered.size() != agents) {
      throw new IllegalStateException("expected every agent to hold an offer, got " + offered.size());
    }
  }

  /** Fires the stale offer-expiry timers the decisions armed (no tick runs inside the measurement). */
  @Setup(Level.Iteration)
  public void tick() {
    core.tick(now);
    record(core.drainDecisions());
    core.drainChanged();
  }

  @Benchmark
  public int declineAndOfferNext() {
    String agent = agentIds.get(next++ % agentIds.size());
    now = now.plusMillis(1);
    core.decline(agent, offered.get(agent), now);
    List<RoutingDecision> decisions = core.drainDecisions();
    record(decisions);
    core.drainChanged();
    return decisions.size();
  }

  private void record(List<RoutingDecision> decisions) {
    for (RoutingDecision d : decisions) {
      if (d instanceof RoutingDecision.Offer o) {
        offered.put(o.agent(), o.conversation().id());
      }
    }
  }

  private static String ref(int i) {
    String digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    char[] out = new char[6];
    for (int k = 5; k >= 0; k--) {
      out[k] = digits.charAt(i & 31);
      i >>>= 5;
    }
    return new String(out);
  }
}
