package dev.switchboard.bench.chat;

import dev.switchboard.bench.CpuTime;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.net.Arrivals;
import dev.switchboard.bench.net.Paced;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Chat customers and desk agents spread round-robin over the gateway nodes given (one node: the baseline),
 * with the chat scenario's {@link Customer} and {@link Agent}: every measured customer message is answered by
 * its agent with a measured reply, so both directions are timed (customer sent → agent has it, agent replied →
 * visitor has it), at a fixed offered rate. It also watches offers, for the cluster bench's failover time.
 */
public final class SpreadChat implements AutoCloseable {

  /** One direction of one run: what was sent and delivered, and how late. */
  public record Direction(long sent, long delivered, double perSecond, double p50Millis, double p99Millis) {
    static Direction of(Phase p) {
      return new Direction(p.sent.sum(), p.delivered.sum(), p.throughput(), p.latency.percentileMillis(50),
          p.latency.percentileMillis(99));
    }
  }

  /** Both directions of one fixed-rate run. */
  public record Outcome(Direction inbound, Direction replies) {}

  private final String name;
  private final EventLoopGroup group;
  private final List<Agent> agents;
  private final List<Customer> customers;
  private final Agent.Counters counters;
  private final AtomicReference<Phase> inbound;
  private final AtomicReference<Phase> replies;

  private SpreadChat(String name, EventLoopGroup group, List<Agent> agents, List<Customer> customers,
      Agent.Counters counters, AtomicReference<Phase> inbound, AtomicReference<Phase> replies) {
    this.name = name;
    this.group = group;
    this.agents = new CopyOnWriteArrayList<>(agents);
    this.customers = new CopyOnWriteArrayList<>(customers);
    this.counters = counters;
    this.inbound = inbound;
    this.replies = replies;
  }

  /**
   * Connects agents {@code firstAgent ..} and {@code customerCount} customers, the i-th of each on node
   * {@code i % nodes}, and waits until every customer's conversation is assigned to one of these agents.
   * {@code nodes} are the nodes' base URLs ({@code ws://host:port}).
   */
  public static SpreadChat open(String name, EventLoopGroup group, List<URI> nodes, String origin,
      int customerCount, int agentCount, int firstAgent) throws Exception {
    Agent.Counters counters = new Agent.Counters();
    Set<String> assigned = ConcurrentHashMap.newKeySet();
    counters.assignedIds = assigned::add;
    AtomicReference<Phase> inbound = new AtomicReference<>();
    AtomicReference<Phase> replies = new AtomicReference<>();
    List<Agent> agents = Paced.all(agentCount, 20, Duration.ofSeconds(60), i -> Agent.connect(group,
        nodes.get(i % nodes.size()).resolve("/agent/ws"), origin, firstAgent + i,
        GatewayConfigFile.agentToken(firstAgent + i), counters, inbound::get, null));
    List<Customer> customers = Paced.all(customerCount, 50, Duration.ofSeconds(60), i -> Customer.connect(group,
        nodes.get(i % nodes.size()).resolve("/chat/ws"), origin, i, true, new LongAdder(), replies::get));
    SpreadChat chat = new SpreadChat(name, group, agents, customers, counters, inbound, replies);
    customers.forEach(c -> c.sendText("Hello, I need help with my order"));
    try {
      ChatLoad.await(() -> customers.stream().allMatch(c -> assigned.contains(c.conversation.getNow(""))),
          Duration.ofSeconds(90), () -> name + ": not every conversation was assigned within 90 s");
    } catch (Exception e) {
      chat.close();
      throw e;
    }
    Log.info("%s: %d agents and %d customers on %d node(s), every conversation with an agent", name,
        agents.size(), customers.size(), nodes.size());
    return chat;
  }

  /** Runs {@code warmup} then {@code duration} at {@code rate} customer messages a second, each answered. */
  public Outcome run(int rate, Duration warmup, Duration duration) throws InterruptedException {
    fixedRate(rate, warmup);
    Outcome o = fixedRate(rate, duration);
    Log.info("%s at %d/s: customer → agent %d of %d, %.0f/s, p50 %.2f ms, p99 %.2f ms; agent → visitor %d of %d, "
        + "%.0f/s, p50 %.2f ms, p99 %.2f ms", name, rate, o.inbound().delivered(), o.inbound().sent(),
        o.inbound().perSecond(), o.inbound().p50Millis(), o.inbound().p99Millis(), o.replies().delivered(),
        o.replies().sent(), o.replies().perSecond(), o.replies().p50Millis(), o.replies().p99Millis());
    return o;
  }

  private Outcome fixedRate(int rate, Duration duration) throws InterruptedException {
    Phase in = new Phase(c -> { });
    Phase out = new Phase(c -> { });
    inbound.set(in);
    replies.set(out);
    counters.echo = out;
    Arrivals arrivals = new Arrivals(rate);
    long start = System.nanoTime();
    in.markStart(start, CpuTime.UNKNOWN);
    out.markStart(start, CpuTime.UNKNOWN);
    arrivals.run(start, arrivals.in(duration), (k, due) -> customers.get((int) (k % customers.size())).send(in, due));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((in.delivered.sum() < in.sent.sum() || out.delivered.sum() < in.sent.sum())
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return new Outcome(Direction.of(in), Direction.of(out));
  }

  /**
   * Failover: from {@code killedNanos} on, customers arrive on the {@code survivors} (one per node every
   * half second, each a new conversation) while fresh agents {@code firstAgent ..} keep signing in there;
   * returns the nanoTime of the first {@code offer} any agent of this chat got for one of those
   * conversations, or -1 after {@code timeout}.
   */
  public long firstOfferAfter(List<URI> survivors, String origin, int firstAgent, Duration timeout)
      throws InterruptedException {
    Set<String> arrived = ConcurrentHashMap.newKeySet();
    // Every offer by time, matched against the arrivals' ids later: an offer may overtake its visitor's ack.
    Map<String, Long> offers = new ConcurrentHashMap<>();
    counters.offered = id -> offers.putIfAbsent(id, System.nanoTime());
    LongSupplier firstOffer = () -> arrived.stream().map(offers::get).filter(t -> t != null)
        .mapToLong(Long::longValue).min().orElse(-1);
    counters.echo = null;
    long deadline = System.nanoTime() + timeout.toNanos();
    int visitor = 1_000_000;
    for (int round = 0; firstOffer.getAsLong() < 0 && System.nanoTime() < deadline; round++) {
      for (int s = 0; s < survivors.size(); s++) {
        URI node = survivors.get(s);
        if (round % 4 == 0) { // fresh desk sessions every two seconds, in case a node closed the others
          Agent.connect(group, node.resolve("/agent/ws"), origin, firstAgent + s,
              GatewayConfigFile.agentToken(firstAgent + s), counters, () -> null, null)
              .orTimeout(10, TimeUnit.SECONDS).thenAccept(agents::add);
        }
        Customer.connect(group, node.resolve("/chat/ws"), origin, visitor++, true, new LongAdder())
            .orTimeout(5, TimeUnit.SECONDS).thenAccept(c -> {
              customers.add(c);
              c.conversation.thenAccept(arrived::add);
              c.sendText("Hello, is anyone there after the crash?");
            });
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    return firstOffer.getAsLong();
  }

  @Override
  public void close() {
    customers.forEach(Customer::close);
    agents.forEach(Agent::close);
  }
}
