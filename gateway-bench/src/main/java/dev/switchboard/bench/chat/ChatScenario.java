package dev.switchboard.bench.chat;

import dev.switchboard.bench.CpuTime;
import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.GatewayUnderTest;
import dev.switchboard.bench.ProcStat;

import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.SearchIndexProbe;
import dev.switchboard.bench.StoreFile;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.WarmUp;
import dev.switchboard.bench.baseline.BareServer;
import dev.switchboard.bench.baseline.WsRelayServer;
import dev.switchboard.bench.net.ClientLoops;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N customer websockets and M agents: every customer message is stored by the gateway and delivered to
 * its assigned agent's desk. The same load then runs against a bare Netty websocket relay (customer →
 * server → agent, nothing stored or routed) as the ceiling.
 */
public final class ChatScenario implements Scenario {

  @Override
  public String name() {
    return "chat";
  }

  @Override
  public String usage() {
    return "--customers=100 --agents=10 --rate=500 --warmup=3s --warmup-max=60s --duration=15s "
        + "--saturation-warmup=5s --saturation=10s --window=4";
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    ChatLoad.Settings settings = new ChatLoad.Settings(
        flags.integer("customers", 100),
        flags.integer("agents", 10),
        flags.integer("rate", 500),
        WarmUp.from(flags),
        flags.duration("duration", Duration.ofSeconds(15)),
        flags.duration("saturation-warmup", Duration.ofSeconds(5)),
        flags.duration("saturation", Duration.ofSeconds(10)),
        flags.integer("window", 4));
    double loadAtStart = ProcStat.loadAverage();
    try (ClientLoops loops = new ClientLoops(flags.integer("client-threads", 0));
        TempDir dir = TempDir.create(name(), flags)) {
      int port = TempDir.freePort();
      int capacity = (settings.customers() + settings.agents() - 1) / settings.agents() + 2;
      GatewayConfigFile config = new GatewayConfigFile(port, dir.path(), settings.agents(), capacity, true, null, null);
      ChatLoad.Outcome gateway;
      AtomicReference<SearchIndexProbe.Settled> searchIndex = new AtomicReference<>(SearchIndexProbe.Settled.UNKNOWN);
      try (GatewayProcess process = GatewayUnderTest.start(flags, config)) {
        for (String path : new String[] {"/chat/ws", "/agent/ws"}) {
          Optional<String> missing = GatewayUnderTest.missingRoute(port, "GET", path);
          if (missing.isPresent()) {
            return ResultLine.unavailable(name(), missing.get());
          }
        }
        String base = "ws://127.0.0.1:" + port;
        // The saturation phase's CPU includes the search index catching up after it (SQLite defers it).
        SearchIndexProbe index = new SearchIndexProbe(port);
        gateway = new ChatLoad(loops.group(), settings, () -> CpuTime.of(process.pid()),
            () -> searchIndex.set(index.settle(SearchIndexProbe.TIMEOUT))).run(new ChatLoad.Target("gateway",
            URI.create(base + "/chat/ws"), URI.create(base + "/agent/ws"), config.publicUrl(), true));
      }
      // The ceiling second, once the gateway has stopped, so that the two never share the cores.
      ChatLoad.Outcome baseline;
      try (BareServer relay = WsRelayServer.start()) {
        String base = "ws://127.0.0.1:" + relay.port();
        baseline = new ChatLoad(loops.group(), settings).run(new ChatLoad.Target("baseline relay",
            URI.create(base + "/customer"), URI.create(base + "/agent"), null, false));
      }
      long stored = StoreFile.count(config.sqliteFile(),
          "SELECT count(*) FROM messages WHERE channel = 'CHAT' AND direction = 'IN'");
      Phase fixed = gateway.fixed();
      Phase sat = gateway.saturation();
      return ResultLine.of(name())
          .put("throughput", sat.throughput())
          .put("p50_ms", sat.latency.percentileMillis(50))
          .put("p99_ms", sat.latency.percentileMillis(99))
          .put("p999_ms", sat.latency.percentileMillis(99.9))
          .put("cpu_us_per_msg", sat.cpuMicrosPerMessage())
          .put("jit_us_per_msg", sat.compilerMicrosPerMessage())
          .put("faults_per_msg", sat.faultsPerMessage())
          .put("search_pending_at_end", searchIndex.get().pendingAtEnd())
          .put("search_catchup_ms", searchIndex.get().catchUpMillis())
          .put("warmup_s", gateway.warmUp().took().toMillis() / 1000.0)
          .put("warmup_settled", String.valueOf(gateway.warmUp().settled()))
          .put("fixed_rate", settings.rate())
          .put("fixed_throughput", fixed.throughput())
          .put("fixed_p50_ms", fixed.latency.percentileMillis(50))
          .put("fixed_p99_ms", fixed.latency.percentileMillis(99))
          .put("fixed_p999_ms", fixed.latency.percentileMillis(99.9))
          .put("fixed_cpu_us_per_msg", fixed.cpuMicrosPerMessage())
          .put("fixed_jit_us_per_msg", fixed.compilerMicrosPerMessage())
          .put("fixed_faults_per_msg", fixed.faultsPerMessage())
          .put("lost", (fixed.sent.sum() - fixed.delivered.sum()) + (sat.sent.sum() - sat.delivered.sum()))
          .put("acks", gateway.acks())
          .put("stored", stored)
          .put("baseline", baseline.saturation().throughput())
          .put("baseline_p50_ms", baseline.saturation().latency.percentileMillis(50))
          .put("baseline_p99_ms", baseline.saturation().latency.percentileMillis(99))
          .put("baseline_fixed_p50_ms", baseline.fixed().latency.percentileMillis(50))
          .put("baseline_fixed_p99_ms", baseline.fixed().latency.percentileMillis(99))
          .put("ratio", sat.throughput() / Math.max(1e-9, baseline.saturation().throughput()))
          .put("load_avg_start", loadAtStart)
          .put("customers", settings.customers())
          .put("agents", settings.agents());
    }
  }

}
