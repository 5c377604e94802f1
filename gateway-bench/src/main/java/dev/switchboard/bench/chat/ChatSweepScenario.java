package dev.switchboard.bench.chat;

import dev.switchboard.bench.CpuTime;
import dev.switchboard.bench.Flags;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.GatewayUnderTest;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ProcStat;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.TempDir;
import dev.switchboard.bench.WarmUp;
import dev.switchboard.bench.baseline.BareServer;
import dev.switchboard.bench.baseline.WsRelayServer;
import dev.switchboard.bench.net.ClientLoops;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chat latency against offered load: the chat load of {@link ChatScenario} at a rising series of fixed
 * rates, on the gateway and then on the bare relay, each on one set of connections, with a PNG chart of p50
 * and p99 against the rate for both. One RESULT line per target and rate, then a summary.
 */
public final class ChatSweepScenario implements Scenario {

  @Override
  public String name() {
    return "chat-sweep";
  }

  @Override
  public String usage() {
    return "--rates=250,500,1000,2000,4000,8000,16000 --each=8s --customers=100 --agents=10 --warmup=3s --warmup-max=60s "
        + "--give-up-p99=2s --chart=chat-latency.png";
  }

  @Override
  public List<ResultLine> runAll(Flags flags) throws Exception {
    List<Integer> rates = Arrays.stream(flags.string("rates", "250,500,1000,2000,4000,8000,16000").split(","))
        .map(String::trim).map(Integer::parseInt).toList();
    Duration each = flags.duration("each", Duration.ofSeconds(8));
    Duration giveUp = flags.duration("give-up-p99", Duration.ofSeconds(2));
    Path chart = Path.of(flags.string("chart", "chat-latency.png"));
    ChatLoad.Settings settings = new ChatLoad.Settings(flags.integer("customers", 100), flags.integer("agents", 10),
        rates.get(0), WarmUp.from(flags), each, Duration.ZERO, Duration.ZERO, 1);
    double loadAtStart = ProcStat.loadAverage();
    List<ChatLoad.Rated> gateway;
    List<ChatLoad.Rated> relay;
    WarmUp.Outcome gatewayWarmUp;
    try (ClientLoops loops = new ClientLoops(flags.integer("client-threads", 0));
        TempDir dir = TempDir.create(name(), flags)) {
      int port = TempDir.freePort();
      int capacity = (settings.customers() + settings.agents() - 1) / settings.agents() + 2;
      GatewayConfigFile config = new GatewayConfigFile(port, dir.path(), settings.agents(), capacity, true, null, null);
      try (GatewayProcess process = GatewayUnderTest.start(flags, config)) {
        Optional<String> missing = GatewayUnderTest.missingRoute(port, "GET", "/chat/ws");
        if (missing.isPresent()) {
          return List.of(ResultLine.unavailable(name(), missing.get()));
        }
        String base = "ws://127.0.0.1:" + port;
        ChatLoad load = new ChatLoad(loops.group(), settings, () -> CpuTime.of(process.pid()));
        gateway = load.sweep(new ChatLoad.Target("gateway", URI.create(base + "/chat/ws"),
            URI.create(base + "/agent/ws"), config.publicUrl(), true), rates, each, giveUp);
        gatewayWarmUp = load.warmedUp();
      }
      try (BareServer server = WsRelayServer.start()) {
        String base = "ws://127.0.0.1:" + server.port();
        relay = new ChatLoad(loops.group(), settings).sweep(new ChatLoad.Target("baseline relay",
            URI.create(base + "/customer"), URI.create(base + "/agent"), null, false), rates, each, giveUp);
      }
    }
    LatencyChart.write(chart, String.format(Locale.ROOT, "Chat: message due -> agent has it, %d customers, "
        + "%d agents (load average %.2f at start)", settings.customers(), settings.agents(), loadAtStart),
        List.of(new LatencyChart.Series("gateway", gateway), new LatencyChart.Series("bare relay", relay)));
    Log.info("chart written to %s", chart.toAbsolutePath());
    List<ResultLine> lines = new ArrayList<>();
    gateway.forEach(r -> lines.add(line("gateway", r)));
    relay.forEach(r -> lines.add(line("baseline", r)));
    lines.add(ResultLine.of(name())
        .put("gateway_max_rate", highestKept(gateway, giveUp))
        .put("baseline_max_rate", highestKept(relay, giveUp))
        .put("chart", chart.toString())
        .put("warmup_s", gatewayWarmUp.took().toMillis() / 1000.0)
        .put("warmup_settled", String.valueOf(gatewayWarmUp.settled()))
        .put("load_avg_start", loadAtStart)
        .put("load_avg_end", ProcStat.loadAverage()));
    return lines;
  }

  @Override
  public ResultLine run(Flags flags) throws Exception {
    List<ResultLine> all = runAll(flags);
    return all.get(all.size() - 1);
  }

  private ResultLine line(String target, ChatLoad.Rated r) {
    Phase p = r.phase();
    return ResultLine.of(name()).put("target", target).put("rate", r.rate())
        .put("throughput", p.throughput())
        .put("p50_ms", p.latency.percentileMillis(50))
        .put("p99_ms", p.latency.percentileMillis(99))
        .put("p999_ms", p.latency.percentileMillis(99.9))
        .put("lost", p.sent.sum() - p.delivered.sum())
        .put("cpu_us_per_msg", p.cpuMicrosPerMessage())
        .put("jit_us_per_msg", p.compilerMicrosPerMessage())
        .put("faults_per_msg", p.faultsPerMessage());
  }

  /** The highest rate delivered whole with p99 within the give-up bound, or 0. */
  private static int highestKept(List<ChatLoad.Rated> rated, Duration giveUp) {
    return rated.stream()
        .filter(r -> r.phase().delivered.sum() == r.phase().sent.sum()
            && r.phase().latency.percentileMillis(99) <= giveUp.toMillis())
        .mapToInt(ChatLoad.Rated::rate).max().orElse(0);
  }
}
