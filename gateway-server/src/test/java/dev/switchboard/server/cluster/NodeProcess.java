package dev.switchboard.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One gateway node as a process of its own ({@code Main run --config}, on this test's classpath), so that
 * it can be killed with SIGKILL as a crash would; its output goes to {@code <name>.log} in its directory.
 */
final class NodeProcess implements AutoCloseable {

  private static final int KILLED_BY_SIGKILL = 128 + 9;

  final String name;
  final int port;
  final Path log;
  private final Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private NodeProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  static NodeProcess start(String name, int port, Path config) throws IOException {
    Path log = config.resolveSibling(name + ".log");
    List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "dev.switchboard.server.Main", "run", "--config",
        config.toString());
    Process p = new ProcessBuilder(command).directory(config.getParent().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new NodeProcess(name, port, log, p);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The status and JSON body of an admin GET, or status 0 when the node does not answer. */
  Answer get(String path, String token) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(3))
          .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body().isEmpty() ? null : Json.read(r.body()));
    } catch (IOException e) {
      return new Answer(0, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, null);
    }
  }

  /** The body of a plain GET ({@code /metrics}). */
  String text(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  HttpResponse<String> post(String path, String token, String contentType, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** SIGKILL: no shutdown hook runs, the lease is not given up, the node row stays. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != KILLED_BY_SIGKILL) {
      throw new IllegalStateException(name + " did not die of SIGKILL");
    }
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  record Answer(int status, JsonNode body) {}
}
