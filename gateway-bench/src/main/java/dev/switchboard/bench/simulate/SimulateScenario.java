package dev.switchboard.bench.simulate;

import dev.switchboard.bench.Flags;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.ResultLine;
import dev.switchboard.bench.Scenario;
import dev.switchboard.bench.simulate.Simulation.Run;
import dev.switchboard.bench.simulate.Staffing.Shift;
import dev.switchboard.core.report.ErlangC;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code simulate}: replays a synthetic support day through the real router on a virtual clock, once per
 * policy on the same trace, and reports per tier the share answered within SLA; {@code --profile=flat}
 * checks the engine against Erlang C instead.
 */
public final class SimulateScenario implements Scenario {

  private static final long BUCKET_MILLIS = Duration.ofMinutes(10).toMillis();

  @Override
  public String name() {
    return "simulate";
  }

  @Override
  public String usage() {
    return "--profile=day|flat --policy=all|" + String.join("|", Policy.keys()) + " --seed=1 "
        + "[day: --incident=2,3 --peak=2800 --occupancy=0.85 --charts=DIR] "
        + "[flat: --agents=50 --handle=300s --target=30s --occupancy=0.85 --hours=200]";
  }

  @Override
  public ResultLine run(Flags flags) throws IOException {
    List<ResultLine> all = runAll(flags);
    return all.get(all.size() - 1);
  }

  @Override
  public List<ResultLine> runAll(Flags flags) throws IOException {
    String profile = flags.string("profile", "day");
    long seed = flags.integer("seed", 1);
    return switch (profile) {
      case "flat" -> List.of(flat(flags, seed));
      case "day" -> days(flags, seed);
      default -> throw new IllegalArgumentException("--profile: " + profile + " (expected: day or flat)");
    };
  }

  private static ResultLine flat(Flags flags, long seed) {
    String policy = flags.string("policy", "fifo");
    if (!policy.equals("fifo") && !policy.equals("all")) {
      throw new IllegalArgumentException("--policy: " + policy + " (the flat profile has one tier: fifo only)");
    }
    int agents = flags.integer("agents", 50);
    double handleS = flags.duration("handle", Duration.ofSeconds(300)).toMillis() / 1000.0;
    double targetS = flags.duration("target", Duration.ofSeconds(30)).toMillis() / 1000.0;
    double occupancy = percent(flags.string("occupancy", "0.85"));
    int hours = flags.integer("hours", 200);
    double lambda = occupancy * agents / handleS;
    Workload workload = Workload.singleQueue(Duration.ofMillis(Math.round(handleS * 1000)),
        Duration.ofMillis(Math.round(targetS * 1000)));
    ArrivalProfile arrivals = ArrivalProfile.flat(lambda * 3600, hours);
    List<Arrival> trace = Trace.generate(workload, arrivals, seed);
    Log.info("flat: %d conversations over %d h, %d agents, lambda %.4f/s", trace.size(), hours, agents, lambda);
    Run run = new Simulation(workload, trace, Staffing.constant(agents), Policy.FIFO, hours * 3_600_000L)
        .run(BUCKET_MILLIS);
    double simulated = run.tally().tier(0).withinSla();
    double erlang = ErlangC.serviceLevel(agents, lambda, handleS, targetS);
    ResultLine line = ResultLine.of("simulate").put("profile", "flat").put("policy", Policy.FIFO.key())
        .put("fifo_sl", fraction(simulated)).put("erlang_c_sl", fraction(erlang))
        .put("diff_pp", (simulated - erlang) * 100)
        .put("lambda_per_s", String.format(Locale.ROOT, "%.5f", lambda)).put("handle_s", handleS)
        .put("agents", agents).put("target_s", targetS).put("hours", hours).put("seed", seed);
    return invariants(line, run).put("within_2pp", String.valueOf(Math.abs(simulated - erlang) <= 0.02));
  }

  private static List<ResultLine> days(Flags flags, long seed) throws IOException {
    String policyFlag = flags.string("policy", "all");
    List<Policy> policies = policyFlag.equals("all") ? List.of(Policy.values()) : List.of(Policy.ofKey(policyFlag));
    double peak = flags.integer("peak", 2800);
    double occupancy = percent(flags.string("occupancy", "0.85"));
    Path charts = Path.of(flags.string("charts", "."));
    Workload workload = Workload.supportDay();
    List<ResultLine> lines = new ArrayList<>();
    long events = 0;
    long wallMillis = 0;
    long cpuMillis = 0;
    for (String incident : flags.string("incident", "2,3").split(",")) {
      int factor = incidentFactor(incident.strip());
      ArrivalProfile arrivals = ArrivalProfile.day(peak, factor);
      List<Shift> shifts = Staffing.shifts(Staffing.needed(workload, ArrivalProfile.day(peak, 1), occupancy, 3));
      List<Arrival> trace = Trace.generate(workload, arrivals, seed);
      Log.info("day %dx: %d conversations, %d agents in shifts", factor, trace.size(), Staffing.agentCount(shifts));
      List<Run> runs = new ArrayList<>();
      for (Policy p : policies) {
        Run run = new Simulation(workload, trace, shifts, p, arrivals.hours() * 3_600_000L).run(BUCKET_MILLIS);
        Log.info("  %s: %d events in %d ms", p.key(), run.events(), run.wallMillis());
        runs.add(run);
        events += run.events();
        wallMillis += run.wallMillis();
        cpuMillis += run.cpuMillis();
        lines.add(dayLine(workload, factor, seed, trace.size(), Staffing.agentCount(shifts), run));
      }
      Path chart = charts.resolve("routing-quality-" + factor + "x.svg");
      QualityChart.write(chart, workload, factor, runs);
      Log.info("chart: %s", chart.toAbsolutePath());
    }
    lines.add(ResultLine.of("simulate").put("profile", "day").put("summary", "true").put("runs", lines.size())
        .put("events", events).put("wall_s", wallMillis / 1000.0).put("cpu_s", cpuMillis / 1000.0)
        .put("events_per_s", Math.round(events * 1000.0 / Math.max(1, wallMillis)))
        .put("events_per_cpu_s", Math.round(events * 1000.0 / Math.max(1, cpuMillis))));
    return lines;
  }

  private static ResultLine dayLine(Workload workload, int factor, long seed, int conversations, int agents, Run run) {
    ResultLine line = ResultLine.of("simulate").put("profile", "day").put("incident", factor)
        .put("policy", run.policy().key());
    for (int t = 0; t < workload.tiers().size(); t++) {
      Tally.TierFigures f = run.tally().tier(t);
      String name = workload.tiers().get(t).name();
      line.put(name + "_sl", fraction(f.withinSla())).put(name + "_mean_s", f.meanS()).put(name + "_p95_s", f.p95S())
          .put(name + "_max_s", f.maxS());
    }
    line.put("mean_wait_s", run.tally().meanWaitS()).put("occupancy", fraction(run.occupancy()))
        .put("conversations", conversations).put("agents", agents).put("seed", seed);
    return invariants(line, run);
  }

  private static ResultLine invariants(ResultLine line, Run run) {
    return line.put("checks", run.checks()).put("capacity_exceeded", run.capacityExceeded())
        .put("idle_while_waiting", run.idleWhileWaiting()).put("ineligible", run.ineligible())
        .put("anomalies", run.anomalies()).put("events", run.events()).put("wall_ms", run.wallMillis())
        .put("cpu_ms", run.cpuMillis());
  }

  private static String fraction(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static int incidentFactor(String text) {
    try {
      int factor = Integer.parseInt(text);
      if (factor >= 1) {
        return factor;
      }
    } catch (NumberFormatException e) {
      // reported below with the flag's name
    }
    throw new IllegalArgumentException("--incident: " + text + " (expected: whole multiples >= 1, like 2,3)");
  }

  private static double percent(String text) {
    double v = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1)) / 100
        : Double.parseDouble(text);
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException("--occupancy: " + text + " (expected: between 0 and 1, or a percentage)");
    }
    return v;
  }
}
