package dev.switchboard.server.email;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The runnable jar started as its own JVM ({@code java -jar switchboard.jar run --config <file>}). */
final class GatewayProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private GatewayProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static GatewayProcess start(Path jar, Path config, int port, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "run", "--config", config.toAbsolutePath().toString()))
        .directory(config.getParent().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new GatewayProcess(p, port, log);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Waits until {@code /health/live} answers 200; fails when the process dies or time runs out. */
  void awaitLive(HttpClient http, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; its log ends:\n"
            + logTail());
      }
      try {
        return http.send(HttpRequest.newBuilder(uri("/health/live")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false; // not listening yet
      }
    });
  }

  private String logTail() throws IOException {
    List<String> lines = java.nio.file.Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /** SIGKILL: no shutdown hook, no flush, as a crash or an OOM killer would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
