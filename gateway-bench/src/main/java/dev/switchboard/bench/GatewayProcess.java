package dev.switchboard.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway under test, as its own process: {@code java -jar switchboard.jar run --config <file>},
 * its output appended to {@code gateway.log} beside the config (a restart on the same directory adds to
 * it). {@link #awaitReady} polls {@code /health/ready}; {@link #kill} is a crash, {@link #close} a stop.
 */
public final class GatewayProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;
  private final long startedNanos;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private GatewayProcess(Process process, int port, Path log, long startedNanos) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /** The runnable gateway jar: {@code --gateway-jar}, else {@code gateway-server/target/switchboard.jar} here or above. */
  public static Path locateJar(Flags flags) {
    String given = flags.string("gateway-jar", null);
    if (given != null) {
      return requireFile(Path.of(given));
    }
    Path dir = Path.of("").toAbsolutePath();
    for (int up = 0; dir != null && up < 4; up++, dir = dir.getParent()) {
      Path jar = dir.resolve("gateway-server/target/switchboard.jar");
      if (Files.isRegularFile(jar)) {
        return jar;
      }
    }
    throw new IllegalStateException("gateway-server/target/switchboard.jar not found; build it with "
        + "./mvnw -q -DskipTests -pl gateway-server -am package, or pass --gateway-jar=PATH");
  }

  private static Path requireFile(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no such gateway jar: " + jar);
    }
    return jar;
  }

  /**
   * Starts the gateway with {@code config}; {@code jvmOptions} like {@code -Xmx2g} come first, then, as the
   * launcher adds it, the jar's class data archive ({@link ClassArchive}).
   */
  public static GatewayProcess start(Path jar, GatewayConfigFile config, List<String> jvmOptions)
      throws IOException, InterruptedException {
    requireNonNull(jar, "jar");
    Path file = config.write();
    Path log = config.dataDir().resolve("gateway.log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(ClassArchive.options(jar, jvmOptions));
    command.add("-jar");
    command.add(jar.toString());
    command.add("run");
    command.add("--config");
    command.add(file.toString());
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command)
        .directory(config.dataDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    Log.info("gateway pid %d on 127.0.0.1:%d, log %s", process.pid(), config.port(), log);
    return new GatewayProcess(process, config.port(), log, started);
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code /health/ready} answers 200 and returns the time from process start; fails when the
   * process exits or {@code timeout} passes first.
   */
  public Duration awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the gateway exited with " + process.exitValue() + " before it was ready; "
            + "last lines of " + log + ":\n" + tail(20));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return sinceStart();
        }
      } catch (IOException notListeningYet) {
        // The port opens some time after the JVM starts.
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IllegalStateException("the gateway was not ready within " + timeout + "; last lines of " + log
        + ":\n" + tail(20));
  }

  /** Time since the process was started. */
  public Duration sinceStart() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** The last {@code lines} lines of the gateway's log. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Linux reports a process ended by signal {@code n} with exit status {@code 128 + n}; SIGKILL is 9. */
  public static final int KILLED_BY_SIGKILL = 128 + 9;

  /**
   * SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no flush, as a crash or the
   * OOM killer would. Returns once the process is gone; fails unless it died of SIGKILL.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("gateway pid " + process.pid() + " survived SIGKILL for 30 s");
    }
    if (process.exitValue() != KILLED_BY_SIGKILL) {
      throw new IllegalStateException("gateway pid " + process.pid() + " exited with " + process.exitValue()
          + ", not " + KILLED_BY_SIGKILL + " (SIGKILL); last lines of " + log + ":\n" + tail(20));
    }
  }

  public Path log() {
    return log;
  }

  /** Asks the gateway to stop (SIGTERM, a graceful shutdown), and kills it if it is still up after 20 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        Log.info("gateway did not stop within 20 s; killing it");
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
