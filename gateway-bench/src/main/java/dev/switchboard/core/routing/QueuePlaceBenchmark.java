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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router's cost of telling waiting chat visitors their place, in the decision benchmark's world
 * ({@code waiting} chats in three tiers, earliest deadline, {@code agents} connected agents serving every
 * tier, each holding one offer), with {@code watchers} visitors watching, spread through the line.
 * {@code placeOnConnect}: one visitor connects (their place is computed and emitted at once) and leaves.
 * {@code tickWithWatchers}: one second passes and the tick looks at every watched place (the router's
 * cost per second for that many watching visitors); the line does not move, so nothing is emitted
 * (after 15 simulated minutes the agents' takes leave the pace window and the ETA turns unknown, once).
 * {@code wholeQueueInOrder} and {@code queueHeadForTheDesks}: the router's read of the queue for
 * {@code /api/queue} (all, sorted) and for the desks' {@code queue} frame (the first 200 and the total).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QueuePlaceBenchmark {

  @Param("100000")
  public int waiting;

  @Param("1000")
  public int agents;

  @Param("1000")
  public int watchers;

  private RoutingCore core;
  private Instant now;
  private final List<ConversationId> line = new ArrayList<>();
  private long next;
  private int stride;

  @Setup
  public void fillQueue() {
    now = Instant.parse("2026-11-24T12:00:00Z");
    List<TierConfig> tiers = List.of(
        new TierConfig("vip", Duration.ofMinutes(2), Duration.ofMinutes(5)),
        new TierConfig("standard", Duration.ofMinutes(15), Duration.ofHours(1)),
        new TierConfig("basic", Duration.ofHours(4), Duration.ofHours(8)));
    RoutingConfig routing = RoutingConfig.builder().strategy(RoutingConfig.Strategy.EARLIEST_DEADLINE)
        .offerTimeout(Duration.ofHours(1)).tiers(tiers).build();
    List<AgentConfig> seats = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      seats.add(new AgentConfig("agent" + i, "agent" + i, "00", List.of("vip", "standard", "basic"), List.of(),
          Map.of("chat", 1, "sms", 1, "email", 1), false));
    }
    core = new RoutingCore(RoutingPolicy.of(routing, seats, ContactDirectory.empty()), now);
    for (AgentConfig a : seats) {
      core.agentConnected(a.id(), now);
    }
    List<Conversation> queue = new ArrayList<>(waiting);
    for (int i = 0; i < waiting; i++) {
      TierConfig tier = tiers.get(i % 3);
      Instant queuedAt = now.minusSeconds(waiting - i);
      queue.add(Conversation.builder(ConversationId.random(), "R" + i, ContactId.random(), Channel.CHAT,
              "visitor-" + i, queuedAt)
          .tier(tier.name()).queuedAt(queuedAt).firstResponseDue(queuedAt.plus(tier.firstResponse())).build());
    }
    core.restore(queue, now);
    // Every agent accepts once, so the desk has a measured pace and the ETA is computed, not skipped.
    for (RoutingDecision d : core.drainDecisions()) {
      if (d instanceof RoutingDecision.Offer o) {
        core.accept(o.agent(), o.conversation().id(), now);
      }
    }
    core.drainDecisions();
    core.drainChanged();
    for (QueueView.Entry e : core.queue()) {
      if (e.offeredTo() == null) {
        line.add(e.conversationId());
      }
    }
    stride = Math.max(2, line.size() / watchers);
    for (int i = 0; i < watchers && i * stride < line.size(); i++) {
      core.watchPlace(line.get(i * stride), true, now);
    }
    core.drainDecisions();
  }

  @Benchmark
  public int placeOnConnect() {
    int i = (int) ((next++ * 7919L) % line.size());
    if (i % stride == 0) {
      i = (i + 1) % line.size(); // not one of the standing watchers, whose watch would end here
    }
    ConversationId id = line.get(i);
    core.watchPlace(id, true, now);
    int told = core.drainDecisions().size();
    core.watchPlace(id, false, now);
    return told;
  }

  /** The whole queue in order, as {@code /api/queue} reads it (and the desks' team feed did once a second). */
  @Benchmark
  public int wholeQueueInOrder() {
    return core.queue().size();
  }

  /** The first 200 in order and the total, as the desks' team feed reads them once a second. */
  @Benchmark
  public int queueHeadForTheDesks() {
    return core.queueHead(200).first().size();
  }

  @Benchmark
  public int tickWithWatchers() {
    now = now.plusSeconds(1);
    core.tick(now);
    return core.drainDecisions().size();
  }
}
