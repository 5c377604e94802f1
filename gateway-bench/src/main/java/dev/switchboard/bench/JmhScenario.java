package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The JMH micro-benchmarks, run through JMH's own runner with its command-line options, ending like every
 * scenario with one {@code RESULT} line: each benchmark's score under its method name and unit
 * ({@code encode_desk_message_frame_ns=412.5}).
 */
final class JmhScenario {

  private JmhScenario() {}

  static ResultLine run(String[] args) throws Exception {
    CommandLineOptions options = new CommandLineOptions(JmhDefaults.withDefaults(args));
    if (options.shouldHelp() || options.shouldList() || options.shouldListProfilers()
        || options.shouldListResultFormats() || options.shouldListWithParams()) {
      org.openjdk.jmh.Main.main(args);
      return ResultLine.of("jmh").put("status", "listed");
    }
    Collection<RunResult> results = new Runner(options).run();
    ResultLine line = ResultLine.of("jmh");
    for (RunResult r : sorted(results)) {
      String benchmark = r.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String unit = r.getPrimaryResult().getScoreUnit().replace("/op", "").replace("ops/", "ops_per_");
      line.put(snake(method) + "_" + unit.toLowerCase(Locale.ROOT), r.getPrimaryResult().getScore());
    }
    return line;
  }

  private static List<RunResult> sorted(Collection<RunResult> results) {
    List<RunResult> list = new ArrayList<>(results);
    list.sort((a, b) -> a.getParams().getBenchmark().compareTo(b.getParams().getBenchmark()));
    return list;
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
