package dev.switchboard.bench.cluster;

import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.GatewayUnderTest;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ProcStat;
import dev.switchboard.bench.QueueProbe;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.cluster.BenchCluster.Node;
import dev.switchboard.bench.email.InboundMails;
import dev.switchboard.bench.email.Mails;
import dev.switchboard.bench.net.ClientLoops;
import dev.switchboard.bench.net.HttpLoad;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three gateway processes on one PostgreSQL schema. First the cross-node events limit: {@code --mails}
 * raw MIME posts to the leader (the baseline, in the same run: intake and routing on one node), then as
 * many to the two followers, whose intake reaches the leader's router only through {@code cluster_events};
 * each phase is timed from the first post to the leader's {@code /api/queue} holding every conversation,
 * and the events the followers appended are counted. Then failover: SIGKILL of the leader, time to
 * another node saying {@code leader} and to its rebuilt queue holding everything again.
 */
public final class ClusterScenario implements Scenario {

  private static final String ADDRESS = "support@cluster.bench.test";

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public String usage() {
    return "--postgres=jdbc:postgresql://127.0.0.1:5432/test?user=postgres --mails=1000 --connections=8 "
        + "--lease=5s (or SWITCHBOARD_TEST_POSTGRES_URL)";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    String postgres = flags.string("postgres", System.getenv().getOrDefault("SWITCHBOARD_TEST_POSTGRES_URL",
        "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    int mails = flags.integer("mails", 1000);
    int connections = flags.integer("connections", 8);
    Duration lease = flags.duration("lease", Duration.ofSeconds(5));
    Duration timeout = flags.duration("timeout", Duration.ofMinutes(5));
    String run = Long.toString(System.currentTimeMillis(), 36);
    double loadAtStart = ProcStat.loadAverage();
    try (ClientLoops loops = new ClientLoops(flags.integer("client-threads", 0));
        TempDir dir = TempDir.create(name(), flags);
        BenchCluster cluster = BenchCluster.create(postgres)) {
      List<Node> nodes = cluster.start(GatewayProcess.locateJar(flags), List.of("gw-a", "gw-b", "gw-c"),
          id -> new GatewayConfigFile(TempDir.freePort(), dir.resolve(id), 0, 1, false, null,
              new GatewayConfigFile.EmailSection(ADDRESS, 0, null, null)).inCluster(
                  new GatewayConfigFile.ClusterSection(id, cluster.schemaUrl(), lease, "http://cluster.bench.test")),
          GatewayUnderTest.jvmOptions(flags), flags.duration("ready-timeout", Duration.ofSeconds(180)));
      Node leader = cluster.awaitLeaderKnown(Duration.ofSeconds(60));
      List<Node> followers = nodes.stream().filter(n -> n != leader).toList();
      QueueProbe queue = new QueueProbe(leader.port());

      Phase local = phase(loops, queue, List.of(leader), run + "l", 0, mails, connections, timeout);
      long eventsBefore = events(cluster);
      Phase crossing = phase(loops, queue, followers, run + "x", mails, mails, connections, timeout);
      long events = events(cluster) - eventsBefore;
      Log.info("to the leader: %d routed in %d ms (%.0f/s, %d ms after the last post); to the followers: %d routed "
          + "in %d ms (%.0f/s, %d ms after the last post), %d events (%.0f events/s)", local.routed(), local.millis(),
          local.perSecond(), local.lagMillis(), crossing.routed(), crossing.millis(), crossing.perSecond(),
          crossing.lagMillis(), events, events * 1000.0 / Math.max(1, crossing.millis()));

      long killed = System.nanoTime();
      leader.process().kill();
      Node next = awaitLeader(cluster, timeout);
      long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      long rebuilt = awaitQueue(cluster, next, 2L * mails, timeout);
      long rebuiltMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      Log.info("SIGKILL of %s: %s leads after %d ms, its queue held %d after %d ms", leader.id(), next.id(),
          failoverMillis, rebuilt, rebuiltMillis);
      return ResultLine.of(name())
          .put("failover_ms", failoverMillis)
          .put("queue_rebuilt_ms", rebuiltMillis)
          .put("routed_via_events_per_s", crossing.perSecond())
          .put("events_per_s", events * 1000.0 / Math.max(1, crossing.millis()))
          .put("baseline", local.perSecond())
          .put("ratio", crossing.perSecond() / Math.max(1e-9, local.perSecond()))
          .put("events", events)
          .put("lag_ms", crossing.lagMillis())
          .put("baseline_lag_ms", local.lagMillis())
          .put("mails", mails)
          .put("lease_s", lease.toMillis() / 1000.0)
          .put("status", local.routed() == mails && crossing.routed() == mails && rebuilt == 2L * mails
              ? "ok" : "incomplete")
          .put("load_start", loadAtStart)
          .put("load_end", ProcStat.loadAverage());
    }
  }

  /** One phase: posts spread over {@code targets}, timed until the leader's queue holds them all. */
  private record Phase(long routed, long millis, long lagMillis) {
    double perSecond() {
      return routed * 1000.0 / Math.max(1, millis);
    }
  }

  private static Phase phase(ClientLoops loops, QueueProbe queue, List<Node> targets, String run, long before,
      int mails, int connections, Duration timeout) throws Exception {
    long start = System.nanoTime();
    int each = mails / targets.size();
    for (int i = 0; i < targets.size(); i++) {
      int count = i == targets.size() - 1 ? mails - each * i : each;
      long offset = before + (long) each * i; // numbers, so customers, never repeat across phases
      Node target = targets.get(i);
      // Every mail from its own customer: one conversation each, so the queue counts mails.
      HttpLoad.Outcome posted = HttpLoad.run(loops.group(), target.port(), connections, count, timeout,
          new InboundMails(target.port(), n -> Mails.typicalBytes(run, n, Integer.MAX_VALUE, ADDRESS), offset));
      if (posted.completed() != count) {
        throw new IllegalStateException(target.id() + " accepted " + posted.completed() + " of " + count + " mails: "
            + posted.statuses());
      }
    }
    long posted = System.nanoTime();
    long total = queue.awaitTotal(before + mails, timeout);
    long end = System.nanoTime();
    return new Phase(total - before, TimeUnit.NANOSECONDS.toMillis(end - start),
        TimeUnit.NANOSECONDS.toMillis(end - posted));
  }

  /** The new leader's queue total once it holds {@code expected}; it answers 503 until its router is rebuilt. */
  private static long awaitQueue(BenchCluster cluster, Node leader, long expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long total = -1;
    while (total != expected && System.nanoTime() < deadline) {
      total = cluster.get(leader, "/api/queue").map(q -> q.path("total").asLong()).orElse(-1L);
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return total;
  }

  private static Node awaitLeader(BenchCluster cluster, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var leader = cluster.leader();
      if (leader.isPresent()) {
        return leader.get();
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IllegalStateException("no node led within " + timeout + " after the kill");
  }

  private static long events(BenchCluster cluster) throws SQLException {
    try (Connection c = DriverManager.getConnection(cluster.schemaUrl()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM cluster_events")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
