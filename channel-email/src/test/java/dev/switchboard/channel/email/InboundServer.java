package dev.switchboard.channel.email;

import dev.switchboard.config.AdminConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.core.admin.BearerAdminAuth;
import dev.switchboard.core.transport.GatewayServer;
import dev.switchboard.core.transport.RouteTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** {@code POST /email/inbound} of an {@link EmailRig}, served by the gateway's real HTTP transport on a free port. */
final class InboundServer implements AutoCloseable {

  static final String TOKEN = "admin-test-token";

  private final GatewayServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  InboundServer(EmailRig rig) throws Exception {
    RouteTable routes = new RouteTable();
    routes.post(InboundEndpoint.PATH, new InboundEndpoint(
        new BearerAdminAuth(() -> new AdminConfig(List.of(new Secret(TOKEN)))), rig.intake, rig.limits, rig.metrics,
        rig.clock, rig.parsing));
    server = GatewayServer.start("127.0.0.1", 0, routes, 16 * 1024 * 1024, rig.meters);
  }

  /** Posts a raw mail with the admin token. */
  HttpResponse<String> post(byte[] mail) throws Exception {
    return post(mail, "message/rfc822", TOKEN);
  }

  HttpResponse<String> post(byte[] body, String contentType, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + InboundEndpoint.PATH))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
  }
}
