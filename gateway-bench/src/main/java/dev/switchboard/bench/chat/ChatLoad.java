package dev.switchboard.bench.chat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.bench.CpuTime;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.WarmUp;
import dev.switchboard.bench.net.Arrivals;
import dev.switchboard.bench.net.Paced;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The chat load against one target (the gateway or the bare relay): M agents, N customers, each customer
 * opens its conversation, then a warm-up, a phase at a fixed offered rate and a closed-loop phase at
 * saturation. Latency is from the moment a message was due to be sent (fixed rate) or was sent
 * (saturation) until an agent has it.
 */
final class ChatLoad {

  /** Where to connect, and whether it speaks the gateway's protocol (hello, auth, offers) or is the bare relay. */
  record Target(String name, URI customers, URI agents, String origin, boolean gateway) {
    Target {
      requireNonNull(name, "name");
    }
  }

  /**
   * {@code saturationWarmUp}: an unmeasured closed loop before the measured one (zero for none; none when
   * {@code saturation} is zero), since the compilers meet the saturation's shapes (full batches, deep queues)
   * only there.
   */
  record Settings(int customers, int agents, int rate, WarmUp warmUp, Duration fixed, Duration saturationWarmUp,
      Duration saturation, int window) {}

  record Outcome(Phase fixed, Phase saturation, long acks, WarmUp.Outcome warmUp) {}

  private final EventLoopGroup group;
  private final Settings settings;
  private final AtomicReference<Phase> current = new AtomicReference<>();
  private final LongAdder acks = new LongAdder();
  private final Agent.Counters counters = new Agent.Counters();
  private final Supplier<CpuTime> processCpu;
  private final Settle afterSaturation;
  private volatile WarmUp.Outcome warmedUp;

  /** What the server still does for a phase after its last message was delivered (its search index). */
  interface Settle {
    void await() throws Exception;
  }

  ChatLoad(EventLoopGroup group, Settings settings) {
    this(group, settings, () -> CpuTime.UNKNOWN);
  }

  /** {@code processCpu} reads the CPU time of the server under load, for CPU per message. */
  ChatLoad(EventLoopGroup group, Settings settings, Supplier<CpuTime> processCpu) {
    this(group, settings, processCpu, () -> { });
  }

  /**
   * {@code processCpu} reads the CPU time of the server under load, for CPU per message;
   * {@code afterSaturation} waits for the server's deferred work, which the saturation phase's CPU includes.
   */
  ChatLoad(EventLoopGroup group, Settings settings, Supplier<CpuTime> processCpu, Settle afterSaturation) {
    this.group = group;
    this.settings = settings;
    this.processCpu = processCpu;
    this.afterSaturation = afterSaturation;
  }

  Outcome run(Target target) throws Exception {
    return withConversations(target, customers -> {
      warmUp(target, customers, settings.rate());
      Phase fixed = fixedRate(customers, settings.rate(), settings.fixed());
      report(target, "fixed rate " + settings.rate() + "/s", fixed);
      if (!settings.saturationWarmUp().isZero() && !settings.saturation().isZero()) {
        Phase warm = saturation(customers, settings.saturationWarmUp());
        report(target, "saturation warm-up, not measured", warm);
      }
      Phase saturation = saturation(customers, settings.saturation());
      report(target, "saturation, window " + settings.window(), saturation);
      return new Outcome(fixed, saturation, acks.sum(), warmedUp);
    });
  }

  /**
   * After the warm-up, one fixed-rate phase of {@code each} per offered rate, in order, on the same
   * connections; stops after the first rate the target could not keep up with (not every message delivered
   * within the drain, or p99 over {@code giveUpP99}), since every higher rate would only pile onto its backlog.
   */
  List<Rated> sweep(Target target, List<Integer> rates, Duration each, Duration giveUpP99) throws Exception {
    return withConversations(target, customers -> {
      warmUp(target, customers, settings.rate());
      List<Rated> phases = new ArrayList<>();
      for (int rate : rates) {
        Phase phase = fixedRate(customers, rate, each);
        report(target, "fixed rate " + rate + "/s", phase);
        phases.add(new Rated(rate, phase));
        if (phase.delivered.sum() < phase.sent.sum()
            || phase.latency.percentileMillis(99) > giveUpP99.toMillis()) {
          Log.info("%s: saturated at %d/s; higher rates skipped", target.name(), rate);
          break;
        }
      }
      return phases;
    });
  }

  /** How the last run's warm-up ended (null before one). */
  WarmUp.Outcome warmedUp() {
    return warmedUp;
  }

  /**
   * The warm-up at {@code rate}, until the JIT compilers have settled ({@link WarmUp}): this JVM's (the clients')
   * and, where it can be read, the server's.
   */
  private void warmUp(Target target, List<Customer> customers, int rate) throws Exception {
    List<Supplier<CpuTime>> watched = processCpu.get().compilerMicros() < 0
        ? List.of(WarmUp::ownCpu)
        : List.of(processCpu, WarmUp::ownCpu);
    warmedUp = settings.warmUp().run(slice -> fixedRate(customers, rate, slice), watched);
    Log.info("%s: %s", target.name(), warmedUp.describe());
  }

  /** One offered rate of a sweep and what it measured. */
  record Rated(int rate, Phase phase) {}

  /** What runs once every customer's conversation is with an agent. */
  private interface WithCustomers<T> {
    T run(List<Customer> customers) throws Exception;
  }

  /** Connects the agents and customers, opens every conversation, runs {@code body}, then closes them all. */
  private <T> T withConversations(Target target, WithCustomers<T> body) throws Exception {
    List<Agent> agents = Paced.all(settings.agents(), 50, Duration.ofSeconds(60), i -> Agent.connect(group,
        target.agents(), target.origin(), i, target.gateway() ? GatewayConfigFile.agentToken(i) : null, counters,
        current::get, null));
    List<Customer> customers = Paced.all(settings.customers(), 100, Duration.ofSeconds(60), i -> Customer.connect(
        group, target.customers(), target.origin(), i, target.gateway(), acks));
    Log.info("%s: %d agents and %d customers connected", target.name(), agents.size(), customers.size());
    try {
      customers.forEach(c -> c.sendText("Hello, I need help with my order"));
      BooleanSupplier opened = target.gateway()
          ? () -> counters.assigned.sum() >= settings.customers()
          : () -> counters.unmeasured.sum() >= settings.customers();
      await(opened, Duration.ofSeconds(60), () -> target.name() + ": only " + counters.assigned.sum()
          + " of " + settings.customers() + " conversations were assigned to an agent");
      Log.info("%s: every conversation is with an agent", target.name());
      return body.run(customers);
    } finally {
      customers.forEach(Customer::close);
      agents.forEach(Agent::close);
    }
  }

  private Phase fixedRate(List<Customer> customers, int rate, Duration duration) throws InterruptedException {
    Phase phase = new Phase(c -> { });
    current.set(phase);
    Arrivals arrivals = new Arrivals(rate);
    long start = System.nanoTime();
    phase.markStart(start, processCpu.get());
    arrivals.run(start, arrivals.in(duration), (k, due) -> customers.get((int) (k % customers.size())).send(phase, due));
    drain(phase);
    phase.markEnd(processCpu.get());
    return phase;
  }

  /** A closed loop of {@code duration}; it ends once its messages are delivered and the server has settled. */
  private Phase saturation(List<Customer> customers, Duration duration) throws Exception {
    long deadline = System.nanoTime() + duration.toNanos();
    Phase phase = new Phase(c -> {
      if (System.nanoTime() < deadline) {
        Customer customer = customers.get(c);
        customer.send(current.get(), System.nanoTime());
      }
    });
    current.set(phase);
    phase.markStart(System.nanoTime(), processCpu.get());
    for (int w = 0; w < settings.window(); w++) {
      for (Customer c : customers) {
        c.send(phase, System.nanoTime());
      }
    }
    while (System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    drain(phase);
    afterSaturation.await();
    phase.markEnd(processCpu.get());
    return phase;
  }

  /** Waits (at most 15 s) until every sent message of the phase has reached an agent. */
  private static void drain(Phase phase) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (phase.delivered.sum() < phase.sent.sum() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static void report(Target target, String what, Phase p) {
    Log.info("%s, %s: sent %d, delivered %d, %.0f msg/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms",
        target.name(), what, p.sent.sum(), p.delivered.sum(), p.throughput(),
        p.latency.percentileMillis(50), p.latency.percentileMillis(99), p.latency.percentileMillis(99.9));
  }

  static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> failure)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(failure.get());
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
