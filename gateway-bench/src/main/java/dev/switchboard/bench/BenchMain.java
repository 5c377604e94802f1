package dev.switchboard.bench;

import dev.switchboard.bench.chat.ChatScenario;
import dev.switchboard.bench.chat.ChatSweepScenario;
import dev.switchboard.bench.chat.ConnectionsScenario;
import dev.switchboard.bench.cluster.ClusterScenario;
import dev.switchboard.bench.email.EmailScenario;
import dev.switchboard.bench.email.ImapScenario;
import dev.switchboard.bench.incident.IncidentScenario;
import dev.switchboard.bench.recovery.RecoveryScenario;
import dev.switchboard.bench.reports.ReportsScenario;
import dev.switchboard.bench.simulate.SimulateScenario;
import dev.switchboard.bench.sms.SmsScenario;
import dev.switchboard.bench.surge.SurgeScenario;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar gateway-bench.jar chat|chat-sweep|sms|email|imap|connections|recovery|reports|simulate|surge|cluster|incident|jmh [flags]}: runs one
 * scenario and prints its {@code RESULT} line (simulate: one per day and policy, then a summary) on stdout
 * (progress goes to stderr).
 */
public final class BenchMain {

  private BenchMain() {}

  static Map<String, Scenario> scenarios() {
    Map<String, Scenario> all = new LinkedHashMap<>();
    for (Scenario s : List.<Scenario>of(new ChatScenario(), new SmsScenario(), new EmailScenario(), new ImapScenario(),
        new ChatSweepScenario(), new ConnectionsScenario(), new RecoveryScenario(), new ReportsScenario(), new SimulateScenario(), new SurgeScenario(),
        new ClusterScenario(), new IncidentScenario())) {
      all.put(s.name(), s);
    }
    return all;
  }

  public static void main(String[] args) throws Exception {
    Map<String, Scenario> scenarios = scenarios();
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      usage(scenarios);
      return;
    }
    ProcStat.Damon damon = ProcStat.damon();
    if (damon == ProcStat.Damon.ON) {
      Log.info("the kernel's DAMON monitor is on: on a VM with shadow paging its samples stall the gateway for "
          + "10-20 ms twice a second, which the tail latencies include (docs/performance.md)");
    }
    if (args[0].equals("jmh")) {
      System.out.println(JmhScenario.run(Arrays.copyOfRange(args, 1, args.length)).put("damon", damon.key()));
      return;
    }
    Scenario scenario = scenarios.get(args[0]);
    if (scenario == null) {
      System.err.println("unknown scenario: " + args[0]);
      usage(scenarios);
      System.exit(2);
      return;
    }
    Flags flags = Flags.parse(Arrays.asList(args).subList(1, args.length));
    List<ResultLine> results;
    try {
      results = scenario.runAll(flags);
    } catch (Exception e) {
      Log.info("%s failed: %s", scenario.name(), e);
      e.printStackTrace(System.err);
      results = List.of(ResultLine.of(scenario.name()).put("status", "failed")
          .put("reason", String.valueOf(e.getMessage())));
    }
    if (!flags.unused().isEmpty()) {
      Log.info("ignored unknown flags: %s", flags.unused());
    }
    results.forEach(r -> System.out.println(r.put("damon", damon.key())));
    ResultLine result = results.get(results.size() - 1);
    System.exit("failed".equals(result.get("status")) ? 1 : 0);
  }

  private static void usage(Map<String, Scenario> scenarios) {
    System.err.println("usage: java -jar gateway-bench.jar <scenario> [--flag=value ...]");
    scenarios.values().forEach(s -> System.err.printf("  %-12s %s%n", s.name(), s.usage()));
    System.err.printf("  %-12s %s%n", "jmh", "[JMH options; default: " + String.join(" ", JmhDefaults.DEFAULTS) + "]");
    System.err.println("common flags: --gateway-jar=PATH --gateway-jvm=\"" + GatewayUnderTest.SHIPPED_JVM_OPTIONS
        + "\" (the default: as the switchboard launcher starts it; replaced, not added to) --client-threads=N --keep");
  }
}
