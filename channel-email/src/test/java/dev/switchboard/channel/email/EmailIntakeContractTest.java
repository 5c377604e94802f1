package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.config.AdminConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.core.admin.BearerAdminAuth;
import dev.switchboard.core.testing.ChannelAdapterContract;
import dev.switchboard.core.transport.GatewayServer;
import dev.switchboard.core.transport.RouteTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake contract for e-mail: raw mail POSTed to {@code /email/inbound} through the real transport;
 * 202 acknowledges, 503 tells the mail provider to retry. The Message-ID makes a resend the same mail.
 */
class EmailIntakeContractTest implements ChannelAdapterContract {

  private static final String TOKEN = "admin-test-token";

  @TempDir
  Path dir;

  private EmailRig rig;
  private GatewayServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    rig = new EmailRig(dir, new MailLimits(64 * 1024, 100, 10));
    RouteTable routes = new RouteTable();
    routes.post(InboundEndpoint.PATH, new InboundEndpoint(
        new BearerAdminAuth(() -> new AdminConfig(List.of(new Secret(TOKEN)))), rig.intake, rig.limits, rig.metrics,
        rig.clock));
    server = GatewayServer.start("127.0.0.1", 0, routes, 1024 * 1024, rig.meters);
  }

  @AfterEach
  void stop() {
    server.close();
    rig.close();
  }

  @Override
  public SourceAnswer deliver(String key, String text) throws Exception {
    String mail = "From: Ada <ada@example.com>\r\nTo: support@example.com\r\nSubject: Order\r\n"
        + "Message-ID: <" + key + "@example.com>\r\n\r\n" + text + "\r\n";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + InboundEndpoint.PATH))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "message/rfc822")
        .header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(mail, StandardCharsets.UTF_8))
        .build(), HttpResponse.BodyHandlers.ofString());
    return switch (r.statusCode()) {
      case 202 -> SourceAnswer.ACKNOWLEDGED;
      case 503 -> SourceAnswer.REFUSED;
      default -> fail("POST %s answered %s: %s", InboundEndpoint.PATH, r.statusCode(), r.body());
    };
  }

  @Override
  public Path database() {
    return dir.resolve("switchboard.db");
  }
}
