package dev.switchboard.core.testing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ServerConfig;
import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.Gateway;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.ConversationStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a whole gateway for a test class (Armeria's {@code ServerExtension} style): the given YAML,
 * a fresh SQLite file in a temporary folder, the server on 127.0.0.1 and a free port. Register it
 * with {@code @RegisterExtension static final GatewayExtension gateway = GatewayExtension.yaml("…").build();}
 *
 * <p>The YAML's {@code server.port}/{@code host} and {@code storage} (unless it names PostgreSQL) are
 * replaced; everything else is the test's. Adapters default to none, so each test says which channels
 * it runs.
 */
public final class GatewayExtension implements BeforeAllCallback, AfterAllCallback {

  private final String yaml;
  private final List<ChannelAdapter> adapters;
  private final Clock clock;
  private final Map<String, String> env;
  private final Consumer<HttpRoutes> routes;
  private final AtomicInteger customers = new AtomicInteger();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path dir;
  private GatewayConfig config;
  private Gateway gateway;

  private GatewayExtension(Builder b) {
    this.yaml = b.yaml;
    this.adapters = b.adapters;
    this.clock = b.clock;
    this.env = b.env;
    this.routes = b.routes;
  }

  public static Builder yaml(String yaml) {
    return new Builder(yaml);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    stop();
    deleteTree(dir);
  }

  /** Starts the gateway (again, after {@link #stop()}), on the same database file. */
  public void start() throws Exception {
    if (dir == null) {
      dir = Files.createTempDirectory("switchboard-test-");
      Files.writeString(dir.resolve("gateway.yaml"), yaml);
      GatewayConfig parsed = ConfigLoader.parse(yaml, "gateway.yaml", dir, env);
      config = forTest(parsed, dir);
    }
    gateway = Gateway.builder(config)
        .configFile(dir.resolve("gateway.yaml"))
        .clock(clock)
        .adapters(adapters)
        .routes(routes)
        .build();
    try {
      gateway.start();
    } catch (Exception e) {
      gateway.close();
      throw e;
    }
  }

  /**
   * A customer's SMS from a number no earlier call used, taken in through the gateway's ingest at the
   * extension's clock: its conversation's id, once stored.
   */
  public ConversationId inboundSms(String text) {
    String from = String.format("+1555%07d", 9_000_000 + customers.incrementAndGet());
    return Futures.await(gateway.ingest().accept(InboundMessage.builder(Channel.SMS, Identity.phone(from),
        "SM" + UUID.randomUUID(), "+15550001111|" + from).text(text).receivedAt(clock.instant()).build()))
        .conversationId();
  }

  /** Stops the gateway as a shutdown would; {@link #start()} brings it back on the same data. */
  public void stop() {
    if (gateway != null) {
      gateway.close();
      gateway = null;
    }
  }

  /** Stops and starts again: the port changes, the data stays. */
  public void restart() throws Exception {
    stop();
    start();
  }

  private static GatewayConfig forTest(GatewayConfig c, Path dir) {
    ServerConfig s = c.server();
    // A publicUrl left to its default follows the port actually bound (see GatewayContext.publicUrl).
    URI publicUrl = s.publicUrl().equals(URI.create("http://localhost:" + s.port())) ? null : s.publicUrl();
    ServerConfig server = s.withListener(0, "127.0.0.1", publicUrl).withShutdownTimeout(Duration.ofSeconds(2));
    StorageConfig st = c.storage();
    StorageConfig storage = st.usesPostgres() ? st
        : new StorageConfig(dir.resolve("data/switchboard.db"), null, dir.resolve("data/attachments"),
            st.maxBatch(), st.maxBatchDelay(), st.attachmentsInDatabaseUpTo());
    return new GatewayConfig(server, storage, c.admin(), c.channels(), c.routing(), c.agents(), c.contacts())
        .withCannedReplies(c.cannedReplies()).withCsat(c.csat());
  }

  public Gateway gateway() {
    return requireNonNull(gateway, "gateway not running");
  }

  public ConversationStore store() {
    return gateway().store();
  }

  public EventBus events() {
    return gateway().events();
  }

  /** The folder holding the test's config file and data. */
  public Path dir() {
    return dir;
  }

  public int port() {
    return gateway().port();
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** {@code ws://127.0.0.1:<port><path>}. */
  public URI wsUri(String path) {
    return URI.create("ws://127.0.0.1:" + port() + path);
  }

  public HttpClient http() {
    return http;
  }

  /** A GET, with {@code Authorization: Bearer <token>} when the token is not null. */
  public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A POST of {@code body} with that content type, and the admin token when not null. */
  public HttpResponse<String> post(String path, String contentType, byte[] body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** Settings for a {@link GatewayExtension}. */
  public static final class Builder {
    private final String yaml;
    private List<ChannelAdapter> adapters = List.of();
    private Clock clock = Clock.systemUTC();
    private Map<String, String> env = Map.of();
    private Consumer<HttpRoutes> routes = r -> { };

    private Builder(String yaml) {
      this.yaml = requireNonNull(yaml, "yaml");
    }

    public Builder adapters(ChannelAdapter... adapters) {
      this.adapters = List.of(adapters);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The environment {@code ${VAR}} reads from (the test's, not the machine's). */
    public Builder env(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    /** Routes of the test's own, mounted beside the gateway's (a console's pages, say). */
    public Builder routes(Consumer<HttpRoutes> routes) {
      this.routes = requireNonNull(routes, "routes");
      return this;
    }

    public GatewayExtension build() {
      return new GatewayExtension(this);
    }
  }
}
