package dev.switchboard.bench.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.Log;
import dev.switchboard.core.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gateway processes of one cluster on a PostgreSQL schema of their own (made here, dropped on close):
 * started together, asked who leads, killed one by one. The crash test and the {@code cluster} bench
 * share it.
 */
public final class BenchCluster implements AutoCloseable {

  /** One node: its config (port, id) and its process. */
  public record Node(String id, GatewayConfigFile config, GatewayProcess process) {
    public Node {
      requireNonNull(id, "id");
      requireNonNull(config, "config");
      requireNonNull(process, "process");
    }

    public int port() {
      return config.port();
    }
  }

  private final String postgresUrl;
  private final String schema;
  private final List<Node> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private BenchCluster(String postgresUrl, String schema) {
    this.postgresUrl = postgresUrl;
    this.schema = schema;
  }

  /** Makes a fresh schema on the server {@code postgresUrl} names (a JDBC URL with its user). */
  public static BenchCluster create(String postgresUrl) throws SQLException {
    String schema = "sb_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    sql(postgresUrl, "CREATE SCHEMA " + schema);
    return new BenchCluster(postgresUrl, schema);
  }

  /** The JDBC URL of the cluster's schema, for nodes and for reading the store straight. */
  public String schemaUrl() {
    return postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /**
   * Starts one process per id at once, each with the config {@code configFor} gives its id, and waits
   * until each is ready.
   */
  public List<Node> start(Path jar, List<String> ids, Function<String, GatewayConfigFile> configFor,
      List<String> jvmOptions, Duration readyTimeout) throws Exception {
    List<Node> started = new ArrayList<>();
    for (String id : ids) {
      GatewayConfigFile config = configFor.apply(id);
      Node n = new Node(id, config, GatewayProcess.start(jar, config, jvmOptions));
      nodes.add(n);
      started.add(n);
    }
    for (Node n : started) {
      n.process().awaitReady(readyTimeout);
    }
    return started;
  }

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** The node whose {@code /health/ready} says {@code leader} (of those not killed), if one does. */
  public Optional<Node> leader() {
    for (Node n : nodes) {
      if (n.process().alive() && "leader".equals(get(n, "/health/ready").map(r -> r.path("role").asText()).orElse(""))) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** Waits until one node leads and every live node names it in {@code /api/cluster}; returns it. */
  public Node awaitLeaderKnown(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Node> leader = leader();
      if (leader.isPresent() && nodes.stream().filter(n -> n.process().alive())
          .allMatch(n -> leader.get().id().equals(leaderSeenBy(n)))) {
        return leader.get();
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new IllegalStateException("no leader known to every live node within " + timeout);
  }

  /** The leader {@code n}'s {@code GET /api/cluster} names, or null. */
  public String leaderSeenBy(Node n) {
    return get(n, "/api/cluster").map(c -> c.path("leader")).filter(JsonNode::isTextual).map(JsonNode::asText)
        .orElse(null);
  }

  /** An admin GET answered 200, as JSON; empty when the node refuses or does not answer. */
  public Optional<JsonNode> get(Node n, String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(n.config().url() + path))
          .timeout(Duration.ofSeconds(3)).header("Authorization", "Bearer " + GatewayConfigFile.ADMIN_TOKEN)
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(Json.read(r.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** A plain GET's body ({@code /metrics}). */
  public String text(Node n, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(n.config().url() + path)).timeout(Duration.ofSeconds(5))
        .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Stops every node still running, then drops the schema. */
  @Override
  public void close() throws SQLException {
    for (Node n : nodes) {
      n.process().close();
    }
    Log.info("cluster stopped; dropping schema %s", schema);
    sql(postgresUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private static void sql(String url, String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
