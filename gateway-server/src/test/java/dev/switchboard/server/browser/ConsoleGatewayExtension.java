package dev.switchboard.server.browser;

import dev.switchboard.core.Gateway;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.server.AgentConsole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The gateway the agent console's browser tests sign in to, one per test class: a {@link GatewayExtension}
 * (the class's YAML, 127.0.0.1 on a free port, a SQLite file in a temporary folder) with the console's
 * routes mounted, started only when headless Chromium is installed (the class is skipped otherwise).
 * Register it with {@code @RegisterExtension static final ConsoleGatewayExtension gateway =
 * ConsoleGatewayExtension.of(GatewayExtension.yaml("…"));}. Pages are opened at
 * {@code http://localhost:<port>}, the gateway's own origin (publicUrl left to its default), which the
 * chat widget requires.
 */
final class ConsoleGatewayExtension implements BeforeAllCallback, AfterAllCallback {

  /** One standard tier that every conversation gets: the routing of the tests that need no other. */
  static final String STANDARD_ROUTING = """
      routing:
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      """;

  private final GatewayExtension gateway;

  private ConsoleGatewayExtension(GatewayExtension gateway) {
    this.gateway = gateway;
  }

  /** {@code settings}' gateway with the agent console mounted. */
  static ConsoleGatewayExtension of(GatewayExtension.Builder settings) {
    return of(settings, r -> { });
  }

  /** {@code settings}' gateway with the agent console mounted, and {@code pages} of the test's own beside it. */
  static ConsoleGatewayExtension of(GatewayExtension.Builder settings, Consumer<HttpRoutes> pages) {
    Consumer<HttpRoutes> console = AgentConsole::mount;
    return new ConsoleGatewayExtension(settings.routes(console.andThen(pages)).build());
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Browser.assumeInstalled(); // before the gateway starts: a skipped class starts nothing
    gateway.beforeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    gateway.afterAll(context);
  }

  Gateway gateway() {
    return gateway.gateway();
  }

  int port() {
    return gateway.port();
  }

  /** {@code http://localhost:<port><path>}. */
  String url(String path) {
    return "http://localhost:" + port() + path;
  }

  Ingest ingest() {
    return gateway().ingest();
  }

  ConversationStore store() {
    return gateway.store();
  }

  Router router() {
    return gateway().router();
  }

  /** The hex SHA-256 of an agent's token, as {@code tokenSha256} in the YAML takes it. */
  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
