package dev.switchboard.bench.crash;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.Log;
import org.awaitility.core.ConditionTimeoutException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kill cycles, the same for every channel: the runnable gateway jar as its own process, a channel's
 * {@link Traffic} against it, SIGKILL once the traffic has moved on by a random amount, a restart on the
 * same SQLite file, and again; then one last start in which the traffic settles (everything never
 * acknowledged sent again, the outbox drained) and a graceful stop. The channel's test then checks the
 * store and the provider. {@code -Dswitchboard.crash.cycles=N} sets the number of kills (3 in CI).
 */
public final class KillCycles {

  public static final String CYCLES_PROPERTY = "switchboard.crash.cycles";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
  /** A bound, not the expected time (seconds on an idle machine): a machine shared by many builds is slow. */
  private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);
  /** C1 only and a small heap: the gateway starts about twice as fast, which is most of a cycle. */
  public static final List<String> GATEWAY_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  private static final Pattern RESEND = Pattern.compile("Resending (\\S+) on (\\w+):");
  private static final Pattern RESEND_METRIC =
      Pattern.compile("^switchboard_outbox_resends_total\\{[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
  private static final String START_MARKER = "=== crash test: start for ";

  /** A channel's customers, providers and agent, driven across restarts of the gateway. */
  public interface Traffic {

    /** The gateway just started: connect and start sending; returns at once. */
    void begin(GatewayProcess gateway) throws Exception;

    /** Acknowledgements received so far, inbound and agent replies, over all cycles: the kill trigger. */
    long progress();

    /** The gateway is gone: stop sending and drop the connections; unacknowledged work is kept. */
    void killed();

    /**
     * After the last kill: sends nothing new, sends again what was never acknowledged, and returns when
     * everything is acknowledged and delivered.
     */
    void settle(GatewayProcess gateway, Duration timeout) throws Exception;
  }

  /**
   * How a run went: kills survived, the random seed of the kill points, the gateway's log, and the
   * {@code switchboard.outbox.resends} the last process counted (read from its {@code /metrics}).
   */
  public record Run(int cycles, long seed, Path log, long resendsMetricOfLastProcess) {
    public Run {
      requireNonNull(log, "log");
    }

    /** The resends the gateway logged, by message id, over every process of the run. */
    public Map<String, Integer> resends() throws IOException {
      return resendsLogged(Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    /** The resends the last process logged, to compare with its metric. */
    public int resendsLoggedByLastProcess() throws IOException {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      int last = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith(START_MARKER)) {
          last = i;
        }
      }
      return resendsLogged(lines.subList(last, lines.size())).values().stream().mapToInt(Integer::intValue).sum();
    }

    public int totalResends() throws IOException {
      return resends().values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * Waits until every count {@code pending} returns is zero (what is still unacknowledged, unsent,
   * unread); on timeout fails with the counts, so a failure says what was left.
   */
  public static void awaitSettled(Duration timeout, Callable<Map<String, Long>> pending) throws Exception {
    try {
      await("settled").atMost(timeout).pollInterval(Duration.ofMillis(200)).dontCatchUncaughtExceptions()
          .until(() -> pending.call().values().stream().allMatch(n -> n == 0));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not settled within " + timeout + "; still pending: " + pending.call(), e);
    }
  }

  /** The resends a gateway logged in {@code log}, by message id. */
  public static Map<String, Integer> resendsLogged(Path log) throws IOException {
    return resendsLogged(Files.readAllLines(log, StandardCharsets.UTF_8));
  }

  private static Map<String, Integer> resendsLogged(List<String> lines) {
    Map<String, Integer> byMessage = new HashMap<>();
    for (String line : lines) {
      Matcher m = RESEND.matcher(line);
      if (m.find()) {
        byMessage.merge(m.group(1), 1, Integer::sum);
      }
    }
    return byMessage;
  }

  private final String name;
  private final Path jar;
  private final GatewayConfigFile config;
  private final int cycles;
  private final int minProgress;

  /**
   * {@code name} names the kept log; {@code minProgress} is the least progress a cycle makes before its
   * kill (up to twice that, at random).
   */
  public KillCycles(String name, GatewayConfigFile config, int minProgress) {
    this.name = requireNonNull(name, "name");
    this.jar = jar();
    this.config = requireNonNull(config, "config");
    this.cycles = cycles();
    this.minProgress = minProgress;
  }

  /** {@code -Dswitchboard.crash.cycles}, 3 when unset. */
  public static int cycles() {
    int n = Integer.getInteger(CYCLES_PROPERTY, 3);
    if (n < 1) {
      throw new IllegalArgumentException(CYCLES_PROPERTY + ": " + n + " (expected: > 0)");
    }
    return n;
  }

  /** The jar the gateway-bench surefire run names in {@code switchboard.jar}; built by gateway-server's package. */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("switchboard.jar", "../gateway-server/target/switchboard.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the runnable gateway jar is missing at " + jar.toAbsolutePath()
          + "; build it first: ./mvnw -B -pl gateway-bench -am verify builds it before these tests");
    }
    return jar;
  }

  public Run run(Traffic traffic) throws Exception {
    long seed = Long.getLong("switchboard.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Path log = config.dataDir().resolve("gateway.log");
    Log.info("%s kill cycles: %d, seed %d, store %s", name, cycles, seed, config.sqliteFile());
    for (int cycle = 1; cycle <= cycles; cycle++) {
      GatewayProcess gateway = start(log, "cycle " + cycle);
      try {
        long target = traffic.progress() + minProgress + random.nextInt(minProgress + 1);
        traffic.begin(gateway);
        // GreenMail's server threads throw when a killed gateway drops its IMAP or SMTP session: expected.
        await("progress to " + target + " in cycle " + cycle).atMost(PROGRESS_TIMEOUT).dontCatchUncaughtExceptions()
            .pollInterval(Duration.ofMillis(2)).until(() -> traffic.progress() >= target);
        gateway.kill();
      } finally {
        traffic.killed();
        gateway.close();
      }
      Log.info("cycle %d: killed at progress %d", cycle, traffic.progress());
    }
    long resendsMetric;
    try (GatewayProcess last = start(log, "settling")) {
      traffic.settle(last, SETTLE_TIMEOUT);
      resendsMetric = resendsMetric(last);
    } finally {
      keepLog(log);
    }
    return new Run(cycles, seed, log, resendsMetric);
  }

  /** A copy of the gateway's log as {@code target/crash-logs/<name>-gateway.log}, to read after a run. */
  private void keepLog(Path log) throws IOException {
    Path kept = Path.of("target", "crash-logs", name + "-gateway.log");
    Files.createDirectories(kept.getParent());
    Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Log.info("gateway log kept at %s", kept.toAbsolutePath());
  }

  /** The sum of {@code switchboard_outbox_resends_total} over its channels, 0 before the first resend. */
  private static long resendsMetric(GatewayProcess gateway) throws IOException, InterruptedException {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.port() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (metrics.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + metrics.statusCode());
    }
    long sum = 0;
    Matcher m = RESEND_METRIC.matcher(metrics.body());
    while (m.find()) {
      sum += (long) Double.parseDouble(m.group(1));
    }
    return sum;
  }

  private GatewayProcess start(Path log, String what) throws Exception {
    Files.createDirectories(config.dataDir());
    Files.writeString(log, START_MARKER + what + " ===\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    GatewayProcess gateway = GatewayProcess.start(jar, config, GATEWAY_JVM);
    try {
      gateway.awaitReady(READY_TIMEOUT);
      return gateway;
    } catch (Exception e) {
      gateway.close();
      throw e;
    }
  }
}
