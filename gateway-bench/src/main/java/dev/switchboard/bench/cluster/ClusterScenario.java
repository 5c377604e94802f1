package dev.switchboard.bench.cluster;

import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.GatewayUnderTest;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ProcStat;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.chat.SpreadChat;
import dev.switchboard.bench.cluster.BenchCluster.Node;
import dev.switchboard.bench.net.ClientLoops;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Three gateway processes on one PostgreSQL schema, with chat. First the baseline, in the same run: the
 * chat load (customers, agents, a fixed rate of customer messages, each answered by its agent) with every
 * party on the leader. Then the same load with customers and agents spread round-robin over the three
 * nodes, so most messages and replies cross nodes through {@code cluster_events}. Both directions are
 * timed: customer message sent → agent has it, agent reply sent → visitor has it. Then failover: SIGKILL
 * of the leader, and the time until an agent gets the first {@code offer} from the new leader for a
 * conversation that arrived after the kill (and, for reading it, until a node says {@code leader}).
 */
public final class ClusterScenario implements Scenario {

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public String usage() {
    return "--postgres=jdbc:postgresql://127.0.0.1:5432/test?user=postgres --customers=60 --agents=6 --rate=100 "
        + "--warmup=3s --duration=30s --lease=5s (or SWITCHBOARD_TEST_POSTGRES_URL)";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    String postgres = flags.string("postgres", System.getenv().getOrDefault("SWITCHBOARD_TEST_POSTGRES_URL",
        "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    int customers = flags.integer("customers", 60);
    int agents = flags.integer("agents", 6);
    int rate = flags.integer("rate", 100);
    Duration warmup = flags.duration("warmup", Duration.ofSeconds(3));
    Duration duration = flags.duration("duration", Duration.ofSeconds(30));
    Duration lease = flags.duration("lease", Duration.ofSeconds(5));
    Duration timeout = flags.duration("timeout", Duration.ofSeconds(60));
    double loadAtStart = ProcStat.loadAverage();
    Log.info("load average at start: %.2f", loadAtStart);
    // Baseline agents 0..M-1, spread agents M..2M-1, two failover desks after them; capacity to spare,
    // so that a conversation left behind by the baseline never blocks an assignment.
    int configured = 2 * agents + 2;
    int capacity = customers + 10;
    try (ClientLoops loops = new ClientLoops(flags.integer("client-threads", 0));
        TempDir dir = TempDir.create(name(), flags);
        BenchCluster cluster = BenchCluster.create(postgres)) {
      List<Node> nodes = cluster.start(GatewayProcess.locateJar(flags), List.of("gw-a", "gw-b", "gw-c"),
          id -> new GatewayConfigFile(TempDir.freePort(), dir.resolve(id), configured, capacity, true, null, null)
              .inCluster(new GatewayConfigFile.ClusterSection(id, cluster.schemaUrl(), lease,
                  "http://cluster.bench.test")),
          GatewayUnderTest.jvmOptions(flags), flags.duration("ready-timeout", Duration.ofSeconds(180)));
      Node leader = cluster.awaitLeaderKnown(Duration.ofSeconds(60));
      String origin = leader.config().publicUrl();

      SpreadChat.Outcome one;
      try (SpreadChat chat = SpreadChat.open("one node (" + leader.id() + ")", loops.group(), List.of(ws(leader)),
          origin, customers, agents, 0)) {
        one = chat.run(rate, warmup, duration);
      }
      SpreadChat.Outcome spread;
      long killed;
      long offered;
      CompletableFuture<Long> led;
      try (SpreadChat chat = SpreadChat.open("three nodes", loops.group(), nodes.stream().map(ClusterScenario::ws)
          .toList(), origin, customers, agents, agents)) {
        spread = chat.run(rate, warmup, duration);
        List<Node> survivors = nodes.stream().filter(n -> n != leader).toList();
        killed = System.nanoTime();
        leader.process().kill();
        led = CompletableFuture.supplyAsync(() -> awaitLeader(cluster, timeout));
        offered = chat.firstOfferAfter(survivors.stream().map(ClusterScenario::ws).toList(), origin,
            2 * agents, timeout);
      }
      long failoverMillis = offered < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(offered - killed);
      long ledNanos = led.get(timeout.toSeconds() + 5, TimeUnit.SECONDS);
      long leaderMillis = ledNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(ledNanos - killed);
      double loadAtEnd = ProcStat.loadAverage();
      Log.info("SIGKILL of %s: a node led after %d ms, first offer of a new conversation after %d ms; "
          + "load average at end: %.2f", leader.id(), leaderMillis, failoverMillis, loadAtEnd);
      boolean complete = one.inbound().delivered() == one.inbound().sent()
          && one.replies().delivered() == one.inbound().sent()
          && spread.inbound().delivered() == spread.inbound().sent()
          && spread.replies().delivered() == spread.inbound().sent() && failoverMillis >= 0;
      return ResultLine.of(name())
          .put("throughput", spread.inbound().perSecond())
          .put("p99_ms", spread.inbound().p99Millis())
          .put("reply_throughput", spread.replies().perSecond())
          .put("reply_p99_ms", spread.replies().p99Millis())
          .put("baseline", one.inbound().perSecond())
          .put("baseline_p99_ms", one.inbound().p99Millis())
          .put("baseline_reply_throughput", one.replies().perSecond())
          .put("baseline_reply_p99_ms", one.replies().p99Millis())
          .put("p50_ms", spread.inbound().p50Millis())
          .put("baseline_p50_ms", one.inbound().p50Millis())
          .put("failover_offer_ms", failoverMillis)
          .put("failover_leader_ms", leaderMillis)
          .put("lost", lost(one) + lost(spread))
          .put("rate", rate)
          .put("customers", customers)
          .put("agents", agents)
          .put("lease_s", lease.toMillis() / 1000.0)
          .put("status", complete ? "ok" : "incomplete")
          .put("load_start", loadAtStart)
          .put("load_end", loadAtEnd);
    }
  }

  private static long lost(SpreadChat.Outcome o) {
    return (o.inbound().sent() - o.inbound().delivered()) + (o.inbound().sent() - o.replies().delivered());
  }

  private static URI ws(Node n) {
    return URI.create("ws://127.0.0.1:" + n.port());
  }

  /** The nanoTime at which a node first says {@code leader} after the kill, or -1 after {@code timeout}. */
  private static long awaitLeader(BenchCluster cluster, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (cluster.leader().isPresent()) {
        return System.nanoTime();
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return -1;
  }
}
