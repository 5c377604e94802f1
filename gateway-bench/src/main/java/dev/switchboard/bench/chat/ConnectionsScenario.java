package dev.switchboard.bench.chat;

import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.GatewayUnderTest;
import dev.switchboard.bench.HeapProbe;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.net.ClientLoops;
import dev.switchboard.bench.net.Paced;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * K idle customer websockets held open on the gateway: live heap per connection (full-GC heap after the
 * connections minus before, over K), then every customer writes once, agents accept and answer every
 * conversation, and each of the K must get the answer pushed to it.
 */
public final class ConnectionsScenario implements Scenario {

  static final String REPLY = "Thanks for waiting, an agent is here.";

  @Override
  public String name() {
    return "connections";
  }

  @Override
  public String usage() {
    return "--connections=2000 --agents=4 --push-timeout=60s (one process holds at most ~19000: ulimit -n)";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    int k = flags.integer("connections", 2000);
    int agentCount = flags.integer("agents", 4);
    Duration pushTimeout = flags.duration("push-timeout", Duration.ofSeconds(60));
    try (ClientLoops loops = new ClientLoops(flags.integer("client-threads", 0));
        TempDir dir = TempDir.create(name(), flags)) {
      int port = TempDir.freePort();
      int capacity = (k + agentCount - 1) / agentCount + 1;
      GatewayConfigFile config = new GatewayConfigFile(port, dir.path(), agentCount, capacity, true, null, null);
      try (GatewayProcess gateway = GatewayUnderTest.start(flags, config)) {
        for (String path : new String[] {"/chat/ws", "/agent/ws"}) {
          Optional<String> missing = GatewayUnderTest.missingRoute(port, "GET", path);
          if (missing.isPresent()) {
            return ResultLine.unavailable(name(), missing.get());
          }
        }
        String base = "ws://127.0.0.1:" + port;
        Agent.Counters counters = new Agent.Counters();
        List<Agent> agents = Paced.all(agentCount, 10, Duration.ofSeconds(30), i -> Agent.connect(loops.group(),
            URI.create(base + "/agent/ws"), config.publicUrl(), i, GatewayConfigFile.agentToken(i), counters,
            () -> null, REPLY));

        long before = HeapProbe.liveBytes(gateway.pid());
        Log.info("live heap with agents only: %d bytes; opening %d customer websockets", before, k);
        long connectStart = System.nanoTime();
        LongAdder acks = new LongAdder();
        List<Customer> customers = Paced.all(k, 200, Duration.ofSeconds(120), i -> Customer.connect(
            loops.group(), URI.create(base + "/chat/ws"), config.publicUrl(), i, true, acks));
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        long after = HeapProbe.liveBytes(gateway.pid());
        long perConnection = (after - before) / k;
        Log.info("%d customers welcomed in %.1f s; live heap %d bytes: %d bytes per connection",
            k, connectSeconds, after, perConnection);
        try {
          long pushStart = System.nanoTime();
          customers.forEach(c -> c.sendText("Hello, is anyone there?"));
          long deadline = pushStart + pushTimeout.toNanos();
          long pushed = 0;
          while (System.nanoTime() < deadline) {
            pushed = customers.stream().filter(c -> c.pushed.isDone()).count();
            if (pushed == k) {
              break;
            }
            TimeUnit.MILLISECONDS.sleep(50);
          }
          double pushSeconds = (System.nanoTime() - pushStart) / 1e9;
          long open = customers.stream().filter(Customer::isOpen).count();
          Log.info("%d of %d customers got the agent's answer pushed in %.1f s (%d assigned, %d acks, %d still open)",
              pushed, k, pushSeconds, counters.assigned.sum(), acks.sum(), open);
          return ResultLine.of(name())
              .put("connections", k)
              .put("bytes_per_conn", perConnection)
              .put("heap_before_bytes", before)
              .put("heap_after_bytes", after)
              .put("connect_s", connectSeconds)
              .put("pushed", pushed)
              .put("still_open", open)
              .put("push_s", pushSeconds)
              .put("status", pushed == k ? "ok" : "incomplete");
        } finally {
          customers.forEach(Customer::close);
          agents.forEach(Agent::close);
        }
      }
    }
  }
}
