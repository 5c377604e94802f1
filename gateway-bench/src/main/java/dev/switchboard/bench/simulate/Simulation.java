package dev.switchboard.bench.simulate;

import dev.switchboard.bench.simulate.Staffing.Shift;
import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.routing.RoutingDecision;
import dev.switchboard.core.routing.SimulatedDesk;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One replay of a trace through the real router on a virtual clock: a discrete-event loop over arrivals,
 * shift starts and ends, and resolutions, with no threads and no I/O. Simulated agents accept every offer
 * at once and resolve after a handle time; the router's timers are fired before each event, so a
 * strategy whose order changes at an instant has changed it before the next decision.
 *
 * <p>The k-th conversation answered on a channel takes the handle time drawn for the k-th arrival on that
 * channel, whatever the policy: handle times are independent of tier and skill, so this is the same law,
 * and it keeps the desk's work identical across policies (common random numbers). Had each conversation
 * carried its own, two policies would differ in which long conversations they happened to answer during
 * a backlog, and the mean waits of policies that the conservation law makes equal would scatter by a
 * percent or two of noise.
 */
final class Simulation {

  static final Instant START = Instant.parse("2026-11-30T00:00:00Z");

  /** The loop's own CPU time: on a shared machine wall time says more about the neighbours. */
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private enum Kind { SHIFT_START, SHIFT_END, RESOLVE }

  private record Event(long at, long seq, Kind kind, int agent, int conversation) {}

  /** What one run yields. */
  record Run(Policy policy, Tally tally, double occupancy, long events, long checks, long capacityExceeded,
      long idleWhileWaiting, long ineligible, long anomalies, long wallMillis, long cpuMillis) {}

  private final Workload workload;
  private final List<Arrival> trace;
  private final List<Shift> shifts;
  private final Policy policy;
  private final long periodMillis;
  private final boolean[] skilled;

  private final PriorityQueue<Event> events =
      new PriorityQueue<>(Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
  private long seq;
  private final long[] answeredAt;
  /** Per channel, the trace's handle times in arrival order; the k-th answer on a channel takes the k-th. */
  private final long[][] handles = new long[Channel.values().length][];
  private final int[] answeredOn = new int[Channel.values().length];
  private SimulatedDesk desk;
  private DeskLedger ledger;
  private Tally tally;
  private long clock;
  private long nextSample;
  private double busySlotMillis;
  private double staffedSlotMillis;
  private long anomalies;
  private long processed;
  private long pendingResolves;

  Simulation(Workload workload, List<Arrival> trace, List<Shift> shifts, Policy policy, long periodMillis) {
    this.workload = workload;
    this.trace = trace;
    this.shifts = shifts;
    this.policy = policy;
    this.periodMillis = periodMillis;
    int agents = Staffing.agentCount(shifts);
    this.skilled = new boolean[agents];
    // Every fifth agent is a specialist, counted in order of shift start, so the all-day shifts have some.
    int every = workload.skilledAgentShare() <= 0 ? Integer.MAX_VALUE : (int) Math.round(1 / workload.skilledAgentShare());
    for (int a = 0; a < agents; a++) {
      skilled[a] = a % every == 0;
    }
    this.answeredAt = new long[trace.size()];
    for (Channel c : Channel.values()) {
      handles[c.ordinal()] = trace.stream().filter(a -> a.channel() == c).mapToLong(Arrival::handleMillis).toArray();
    }
    Arrays.fill(answeredAt, -1);
  }

  Run run(long bucketMillis) {
    long wallStart = System.nanoTime();
    long cpuStart = CPU.getCurrentThreadCpuTime();
    desk = new SimulatedDesk(policy.routing(workload), agentConfigs(), START);
    ledger = new DeskLedger(workload, skilled);
    tally = new Tally(workload, trace.size(), bucketMillis);
    for (Shift s : shifts) {
      schedule(s.startMillis(), Kind.SHIFT_START, s.agent(), -1);
      if (s.endMillis() != Long.MAX_VALUE) {
        schedule(s.endMillis(), Kind.SHIFT_END, s.agent(), -1);
      }
    }
    int next = 0;
    while (next < trace.size() || (!events.isEmpty() && (ledger.waiting() > 0 || pendingResolves > 0))) {
      boolean arrival = next < trace.size() && (events.isEmpty() || trace.get(next).atMillis() < events.peek().at());
      long at = arrival ? trace.get(next).atMillis() : events.peek().at();
      advance(at);
      Instant now = START.plusMillis(at);
      desk.tick(now);
      if (arrival) {
        arrive(trace.get(next++), now);
      } else {
        handle(events.poll(), now);
      }
      settle(at, now);
      ledger.check();
      processed++;
    }
    for (int i = 0; i < trace.size(); i++) {
      if (answeredAt[i] < 0) {
        anomalies++; // never answered: the loop ended with work waiting
      }
    }
    double occupancy = staffedSlotMillis == 0 ? Double.NaN : busySlotMillis / staffedSlotMillis;
    return new Run(policy, tally, occupancy, processed, ledger.checks(), ledger.capacityExceeded(),
        ledger.idleWhileWaiting(), ledger.ineligible(), anomalies, (System.nanoTime() - wallStart) / 1_000_000,
        (CPU.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
  }

  private void arrive(Arrival a, Instant now) {
    ledger.queued(a.channel(), a.needsSkill());
    List<String> skills = a.needsSkill() ? List.of(Workload.SKILL) : List.of();
    Conversation c = Conversation.builder(id(a.seq()), "S" + a.seq(), new ContactId("k" + a.seq()), a.channel(),
        "thread-" + a.seq(), now).queuedAt(now).build();
    desk.enqueue(c, policy.routedTier(workload, a.tier()), skills, now);
  }

  private void handle(Event e, Instant now) {
    switch (e.kind()) {
      case SHIFT_START -> {
        ledger.shiftStarts(e.agent());
        desk.signIn(agentId(e.agent()), now);
      }
      case SHIFT_END -> {
        ledger.shiftEnds(e.agent());
        desk.signOff(agentId(e.agent()), now);
      }
      case RESOLVE -> {
        if (!desk.resolve(agentId(e.agent()), id(e.conversation()), now)) {
          anomalies++;
        }
      }
    }
  }

  /** Plays the agents' part until the router has nothing more to say at this instant. */
  private void settle(long at, Instant now) {
    for (List<RoutingDecision> ds = desk.drainDecisions(); !ds.isEmpty(); ds = desk.drainDecisions()) {
      for (RoutingDecision d : ds) {
        if (d instanceof RoutingDecision.Offer o) {
          if (!desk.accept(o.agent(), o.conversation().id(), now)) {
            anomalies++;
          }
        } else if (d instanceof RoutingDecision.Assign a) {
          assigned(agentIndex(a.agent()), seqOf(a.conversation().id()), at);
        } else if (d instanceof RoutingDecision.Release r) {
          ledger.released(agentIndex(r.agent()), r.conversation().channel());
          pendingResolves--;
        } else if (d instanceof RoutingDecision.OfferRevoked) {
          anomalies++; // nobody declines and every offer is taken at once, so none should end otherwise
        } // Queue, Escalate and SlaBreach change nothing the simulator keeps
      }
    }
  }

  private void assigned(int agent, int conversation, long at) {
    Arrival a = trace.get(conversation);
    if (answeredAt[conversation] >= 0) {
      anomalies++;
      return;
    }
    answeredAt[conversation] = at;
    pendingResolves++;
    ledger.assigned(agent, a.channel(), a.needsSkill());
    tally.answered(a, at - a.atMillis());
    schedule(at + handles[a.channel().ordinal()][answeredOn[a.channel().ordinal()]++], Kind.RESOLVE, agent,
        conversation);
  }

  /** Moves the virtual clock: occupancy accrues over the period, queue depth is sampled per bucket. */
  private void advance(long at) {
    long until = Math.min(at, periodMillis);
    if (until > clock) {
      busySlotMillis += (double) ledger.heldOnDuty() * (until - clock);
      staffedSlotMillis += (double) ledger.slotsOnDuty() * (until - clock);
    }
    while (nextSample <= at) {
      tally.sampleDepth(ledger.waiting());
      nextSample += tally.bucketMillis();
    }
    clock = Math.max(clock, at);
  }

  private void schedule(long at, Kind kind, int agent, int conversation) {
    events.add(new Event(at, seq++, kind, agent, conversation));
  }

  private List<AgentConfig> agentConfigs() {
    List<AgentConfig> all = new ArrayList<>();
    Map<String, Integer> capacity = new java.util.HashMap<>();
    workload.channels().forEach(c -> capacity.put(c.channel().key(), c.capacity()));
    for (int a = 0; a < skilled.length; a++) {
      all.add(new AgentConfig(agentId(a), agentId(a), "00", List.of(),
          skilled[a] ? List.of(Workload.SKILL) : List.of(), capacity, false));
    }
    return all;
  }

  private static String agentId(int agent) {
    return "a" + agent;
  }

  private static int agentIndex(String id) {
    return Integer.parseInt(id, 1, id.length(), 10);
  }

  private static ConversationId id(int seq) {
    return new ConversationId("c" + seq);
  }

  private static int seqOf(ConversationId id) {
    return Integer.parseInt(id.value(), 1, id.value().length(), 10);
  }
}
