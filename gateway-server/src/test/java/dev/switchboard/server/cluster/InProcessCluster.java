package dev.switchboard.server.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.core.Gateway;
import dev.switchboard.core.testing.TestStores;
import dev.switchboard.core.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Gateway nodes of one cluster in this JVM, on a PostgreSQL schema of their own, each with every channel on
 * the classpath (chat, email): for the tests of what crosses nodes. Runs when
 * {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server.
 */
final class InProcessCluster implements AutoCloseable {

  static final String ADMIN = "cluster-admin-token";
  static final String ORIGIN = "http://shop.example.test";
  private static final String YAML = """
      server: { port: %d, host: 127.0.0.1%s }
      storage:
        postgres: { url: "%s", poolSize: 4 }
        attachments: %s/attachments
      admin: { tokens: ["%s"] }
      cluster: { enabled: true, nodeId: %s, advertiseUrl: "http://127.0.0.1:%d", leaseTimeout: 2s }
      """;
  /** One standard tier for everything; offers wait 2 minutes, a dropped desk keeps its work for an hour. */
  static final String ROUTING = """
      routing:
        offerTimeout: 2m
        disconnectGrace: 1h
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      """;
  /** The channels, routing and agents of the tests that bring none of their own. */
  private static final String BODY = """
      channels:
        email: { address: support@example.com }
        chat: { allowedOrigins: ["%s"] }
      """ + ROUTING + """
      agents:
        - { id: alice, name: Alice, tokenSha256: %s, capacity: { chat: 5, sms: 5, email: 5 } }
        - { id: bob, name: Bob, tokenSha256: %s, capacity: { chat: 5, sms: 5, email: 5 } }
      """;

  private final String url;
  private final String schema;
  private final Path dir;
  private final String server;
  private final String body;
  private final Clock clock;
  private final Map<String, Gateway> nodes = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private InProcessCluster(String url, String schema, Path dir, String server, String body, Clock clock) {
    this.url = url;
    this.schema = schema;
    this.dir = dir;
    this.server = server;
    this.body = body;
    this.clock = clock;
  }

  static InProcessCluster create(Path dir) throws Exception {
    return create(dir, "", BODY.formatted(ORIGIN, sha256(token("alice")), sha256(token("bob"))), Clock.systemUTC());
  }

  /**
   * A cluster whose nodes all get {@code server} added to their {@code server:} line (e.g.
   * {@code ", publicUrl: …, linkSecret: …"}), {@code body} as the rest of their configuration (channels,
   * routing, agents, …) and {@code clock}, shared as the nodes of one cluster share time.
   */
  static InProcessCluster create(Path dir, String server, String body, Clock clock) throws Exception {
    String url = TestStores.postgresUrl();
    assumeTrue(url != null, "cluster tests skipped: set " + TestStores.POSTGRES_URL_ENV);
    String schema = TestStores.createSchema(url);
    return new InProcessCluster(url, schema, dir, server, body, clock);
  }

  static String token(String agent) {
    return agent + "-desk-token";
  }

  /** Starts a node; the first one started leads (the others wait for it to, before they start). */
  Gateway start(String name) throws Exception {
    int port = freePort();
    Path home = Files.createDirectories(dir.resolve(name));
    Path file = home.resolve("gateway.yaml");
    Files.writeString(file, YAML.formatted(port, server, schemaUrl(), home, ADMIN, name, port) + body);
    Gateway g = Gateway.builder(ConfigLoader.load(file)).configFile(file).clock(clock).build().start();
    nodes.put(name, g);
    if (nodes.size() == 1) {
      await().atMost(Duration.ofSeconds(20)).until(() -> g.router() != null);
    }
    return g;
  }

  private String schemaUrl() {
    return TestStores.schemaUrl(url, schema);
  }

  /** A connection to the nodes' database, for a test that holds a lock the nodes then wait on. */
  java.sql.Connection sql() throws java.sql.SQLException {
    return java.sql.DriverManager.getConnection(schemaUrl());
  }

  /** Whether a statement of some node waits for a lock on {@code table} (in the nodes' schema). */
  boolean waitingOn(java.sql.Connection sql, String table) throws java.sql.SQLException {
    try (java.sql.PreparedStatement ps = sql.prepareStatement(
        "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = ?::regclass")) {
      ps.setString(1, table);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  Gateway node(String name) {
    return nodes.get(name);
  }

  /** Stops a node gracefully (it gives the lease up at once). */
  void stop(String name) {
    Gateway g = nodes.remove(name);
    if (g != null) {
      g.close();
    }
  }

  static URI ws(Gateway g, String path) {
    return URI.create("ws://127.0.0.1:" + g.port() + path);
  }

  FrameClient desk(Gateway g, String agent) {
    FrameClient c = FrameClient.connect(ws(g, "/agent/ws"), null);
    c.send(FrameClient.frame("auth").put("token", token(agent)));
    return c;
  }

  /**
   * What a console does after its socket was closed: connects to {@code g} and signs in with
   * {@code resumeAfter}, again until a {@code ready} comes (a node that still names the old leader closes
   * the socket with 4503); returns the client and its {@code ready}.
   */
  Resumed resumeDesk(Gateway g, String agent, long resumeAfter) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      FrameClient c;
      try {
        c = FrameClient.connect(ws(g, "/agent/ws"), null);
      } catch (RuntimeException refused) { // 503 at the upgrade: no leader known yet
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        continue;
      }
      try {
        c.send(FrameClient.frame("auth").put("token", token(agent)).put("resumeAfter", resumeAfter));
      } catch (java.util.concurrent.CompletionException closedAlready) { // the 4503 came before the auth went
        c.close();
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        continue;
      }
      JsonNode ready = c.poll("ready", Duration.ofSeconds(5));
      if (ready != null) {
        return new Resumed(c, ready);
      }
      c.close();
    }
    throw new AssertionError(agent + " could not sign in again at " + g.port() + " within 20 s");
  }

  record Resumed(FrameClient desk, JsonNode ready) {}

  static FrameClient chat(Gateway g) {
    return FrameClient.connect(ws(g, "/chat/ws"), ORIGIN);
  }

  Answer get(Gateway g, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
        .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + ADMIN).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? null : Json.read(r.body()));
  }

  Answer post(Gateway g, String path, String contentType, byte[] body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
        .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + ADMIN).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? null : Json.read(r.body()));
  }

  /** Posts a mail to {@code /email/inbound}; returns its conversation id. */
  String mail(Gateway g, String from, String subject, String text) throws Exception {
    byte[] mail = ("From: " + from + "\r\nTo: support@example.com\r\nSubject: " + subject + "\r\nMessage-ID: <"
        + UUID.randomUUID() + "@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    Answer a = post(g, "/email/inbound", "message/rfc822", mail);
    if (a.status() != 202) {
      throw new IllegalStateException("mail refused: " + a);
    }
    return a.body().get("conversationId").asText();
  }

  @Override
  public void close() throws Exception {
    java.util.List<String> names = new java.util.ArrayList<>(nodes.keySet());
    java.util.Collections.reverse(names);
    for (String name : names) {
      stop(name);
    }
    TestStores.dropSchema(url, schema);
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** A port free on the loopback address now. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Answer(int status, JsonNode body) {}
}
