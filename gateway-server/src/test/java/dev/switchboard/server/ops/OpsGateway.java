package dev.switchboard.server.ops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.PostgresConfig;
import dev.switchboard.core.Gateway;
import dev.switchboard.core.testing.TestStores;
import dev.switchboard.server.AgentConsole;
import dev.switchboard.server.logging.LogFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One gateway node as a cluster runs it (PostgreSQL store, cluster mode, so it is its own leader), every
 * channel configured against local stand-ins: GreenMail for IMAP and SMTP, {@link TwilioStandIn} for SMS.
 * Needs {@code SWITCHBOARD_TEST_POSTGRES_URL} (set by .ci/run); each instance gets its own schema.
 */
final class OpsGateway implements AutoCloseable {

  static final String ADMIN_TOKEN = "ops-admin-token";
  static final String AGENT_TOKEN = "ops-alice-token";
  static final String SUPPORT = "support@example.com";
  static final String OUR_NUMBER = "+15550001111";
  static final String ORIGIN = "https://www.example.com";
  static final String PUBLIC_URL = "https://support.example.com";

  private final String pgUrl;
  private final String schema;
  final Gateway gateway;
  private final HttpClient http = HttpClient.newHttpClient();

  OpsGateway(Path dir, int imapPort, int smtpPort, URI twilio, String extraYaml) throws Exception {
    this(dir, imapPort, smtpPort, twilio, extraYaml, UnaryOperator.identity(), PostgresConfig.DEFAULT_CONNECTION_TIMEOUT);
  }

  /**
   * {@code storeUrl} turns the test server's JDBC URL into the one the gateway uses (e.g. through a
   * {@code TcpProxy}); the schema is made and dropped on the server directly. {@code connectionTimeout} is the
   * pool's ({@code storage.postgres.connectionTimeout}): how long each write and health check waits while the
   * server is unreachable.
   */
  OpsGateway(Path dir, int imapPort, int smtpPort, URI twilio, String extraYaml, UnaryOperator<String> storeUrl,
      Duration connectionTimeout) throws Exception {
    String url = TestStores.postgresUrl();
    assumeTrue(url != null, "needs PostgreSQL: set " + TestStores.POSTGRES_URL_ENV);
    schema = TestStores.createSchema(url);
    pgUrl = url;
    String yaml = """
        server: { port: 0, host: 127.0.0.1, publicUrl: "%s" }
        storage:
          postgres: { url: "%s", poolSize: 4, connectionTimeout: %dms }
          attachments: %s/attachments
        admin: { tokens: ["%s"] }
        cluster: { enabled: true, nodeId: ops-a, advertiseUrl: "http://127.0.0.1:1", leaseTimeout: 5s }
        channels:
          email:
            address: %s
            imap: { host: 127.0.0.1, port: %d, tls: false, user: %s, password: secret, idle: true, pollInterval: 5m }
            smtp: { host: 127.0.0.1, port: %d, tls: false }
        %s
          chat: { allowedOrigins: ["%s"] }
        routing:
          offerTimeout: 2m
          tiers:
            - { name: vip, firstResponse: 2m, nextResponse: 5m }
            - { name: standard, firstResponse: 15m, nextResponse: 1h }
          rules:
            - { tier: standard }
        agents:
          - { id: alice, name: Alice, tokenSha256: %s, tiers: [vip, standard], capacity: { chat: 5, sms: 5, email: 5 } }
        """.formatted(PUBLIC_URL, TestStores.schemaUrl(storeUrl.apply(url), schema),
        connectionTimeout.toMillis(), dir, ADMIN_TOKEN,
        SUPPORT, imapPort, SUPPORT, smtpPort, TwilioStandIn.channelYaml(twilio, OUR_NUMBER), ORIGIN, sha256(AGENT_TOKEN)) + extraYaml;
    GatewayConfig config = ConfigLoader.parse(yaml, "gateway.yaml", dir, Map.of());
    LogFormat.apply(config.logging()); // as Main does
    Gateway g = Gateway.builder(config).routes(AgentConsole::mount).build();
    try {
      gateway = g.start();
    } catch (Exception e) {
      g.close();
      close();
      throw e;
    }
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.port() + path);
  }

  URI ws(String path) {
    return URI.create("ws://127.0.0.1:" + gateway.port() + path);
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A POST with the admin token. */
  HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An inbound SMS as Twilio posts it, signed for the public URL. */
  HttpResponse<String> sms(String from, String text, String sid) throws Exception {
    return http.send(TwilioStandIn.inboundSms(uri("/"), PUBLIC_URL, from, OUR_NUMBER, text, sid),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    TestStores.dropSchema(pgUrl, schema);
  }
}
