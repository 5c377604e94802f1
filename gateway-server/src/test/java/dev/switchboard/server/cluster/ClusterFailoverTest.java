package dev.switchboard.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.core.testing.TestStores;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway processes on one PostgreSQL schema: mail taken in on any node is queued by the leader's
 * router; the leader is killed with SIGKILL, and another node must lead within 10 s with the same queue,
 * rebuilt from the store. Runs when
 * {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server.
 */
class ClusterFailoverTest {

  private static final String TOKEN = "cluster-admin-token";
  private static final String YAML = """
      server: { port: %d, host: 127.0.0.1 }
      storage:
        postgres: { url: "%s", poolSize: 4 }
        attachments: %s/attachments
      admin: { tokens: ["%s"] }
      cluster: { enabled: true, nodeId: %s, advertiseUrl: "http://127.0.0.1:%d", leaseTimeout: 5s }
      channels:
        email: { address: support@example.com }
      routing:
        tiers:
          - { name: vip, firstResponse: 2m, nextResponse: 5m }
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { when: { subject: "(?i)urgent" }, tier: vip }
          - { tier: standard }
      """;

  @TempDir
  Path dir;

  private String url;
  private String schema;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @BeforeEach
  void schema() throws Exception {
    url = System.getenv("SWITCHBOARD_TEST_POSTGRES_URL");
    assumeTrue(url != null && !url.isBlank(), "cluster failover test skipped: set SWITCHBOARD_TEST_POSTGRES_URL");
    schema = "sb_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    sql("CREATE SCHEMA " + schema);
  }

  @AfterEach
  void stop() throws Exception {
    for (NodeProcess n : nodes) {
      n.close();
    }
    if (schema != null) {
      sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void killedLeaderIsReplacedWithinTenSecondsWithTheSameQueue() throws Exception {
    NodeProcess a = node("gw-a");
    awaitReady(a);
    await().atMost(Duration.ofSeconds(30)).until(() -> "gw-a".equals(leader(a)));
    NodeProcess b = node("gw-b");
    NodeProcess c = node("gw-c");
    awaitReady(b);
    awaitReady(c);

    // Mail taken in by every node, some urgent: a queue over two tiers on the leader's router (the
    // followers' intake reaches it through the events table), nobody to answer it.
    List<NodeProcess> intake = List.of(a, b, c);
    for (int i = 0; i < 6; i++) {
      String subject = (i % 3 == 0 ? "Urgent: " : "Question ") + i;
      byte[] mail = ("From: customer" + i + "@example.org\r\nTo: support@example.com\r\nSubject: " + subject
          + "\r\nMessage-ID: <cluster-" + i + "@example.org>\r\nMIME-Version: 1.0\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
      assertThat(intake.get(i % 3).post("/email/inbound", TOKEN, "message/rfc822", mail).statusCode()).isEqualTo(202);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> total(a.get("/api/queue", TOKEN).body()) == 6);
    JsonNode before = a.get("/api/queue", TOKEN).body();
    JsonNode cluster = a.get("/api/cluster", TOKEN).body();
    assertThat(cluster.get("leader").asText()).isEqualTo("gw-a");
    assertThat(cluster.get("nodes")).hasSize(3);
    assertThat(b.get("/api/queue", TOKEN).body()).isEqualTo(before); // a follower forwards it to the leader
    assertThat(b.get("/health/ready", TOKEN).body().get("role").asText()).isEqualTo("follower");
    assertThat(b.get("/health/ready", TOKEN).body().get("router").asText()).isEqualTo("elsewhere");

    long killed = System.nanoTime();
    a.kill();
    AtomicReference<NodeProcess> next = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      // A follower that already knows the new leader forwards /api/queue to it, so ask each node its role.
      for (NodeProcess n : List.of(b, c)) {
        JsonNode ready = n.get("/health/ready", TOKEN).body();
        if (ready != null && "leader".equals(ready.path("role").asText()) && n.get("/api/queue", TOKEN).status() == 200) {
          next.set(n);
          return true;
        }
      }
      return false;
    });
    Duration failover = Duration.ofNanos(System.nanoTime() - killed);
    NodeProcess leader = next.get();
    JsonNode after = leader.get("/api/queue", TOKEN).body();
    assertThat(after).isEqualTo(before);
    JsonNode view = leader.get("/api/cluster", TOKEN).body();
    assertThat(view.get("leader").asText()).isEqualTo(leader.name);
    assertThat(view.get("term").asLong()).isEqualTo(2);
    assertThat(leader.get("/health/ready", TOKEN).body().get("role").asText()).isEqualTo("leader");
    assertThat(leader.get("/health/ready", TOKEN).body().get("router").asText()).isEqualTo("here");
    assertThat(leader.text("/metrics")).contains("switchboard_cluster_leader 1.0", "switchboard_cluster_failovers_total 1.0");
    NodeProcess other = leader == b ? c : b;
    assertThat(other.text("/metrics")).contains("switchboard_cluster_leader 0.0");
    // A follower learns the new leader at its next lease round (a fifth of the lease), and forwards to it.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
        other.get("/api/queue", TOKEN).body()).isEqualTo(before));
    System.out.printf("failover: %s took over in %d ms after SIGKILL%n", leader.name, failover.toMillis());
  }

  private NodeProcess node(String name) throws IOException {
    int port = freePort();
    Path home = Files.createDirectories(dir.resolve(name));
    String pgUrl = TestStores.schemaUrl(url, schema);
    Path config = home.resolve("gateway.yaml");
    Files.writeString(config, YAML.formatted(port, pgUrl, home, TOKEN, name, port));
    NodeProcess n = NodeProcess.start(name, port, config);
    nodes.add(n);
    return n;
  }

  private static void awaitReady(NodeProcess n) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!n.alive()) {
        throw new IllegalStateException(n.name + " exited:\n" + n.tail());
      }
      return n.get("/health/ready", TOKEN).status() == 200;
    });
  }

  private static String leader(NodeProcess n) {
    JsonNode body = n.get("/api/cluster", TOKEN).body();
    return body == null || body.get("leader").isNull() ? null : body.get("leader").asText();
  }

  private static int total(JsonNode queue) {
    return queue == null || queue.get("total") == null ? -1 : queue.get("total").asInt();
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
