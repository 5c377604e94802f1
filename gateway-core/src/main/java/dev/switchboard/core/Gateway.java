package dev.switchboard.core;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ServerConfig;
import dev.switchboard.core.admin.BearerAdminAuth;
import dev.switchboard.core.attachments.AttachmentIntake;
import dev.switchboard.core.attachments.AttachmentLinks;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.cluster.ClusterMembership;
import dev.switchboard.core.cluster.Singletons;
import dev.switchboard.core.cluster.TermRoutes;
import dev.switchboard.core.continuity.ChatReopenLinks;
import dev.switchboard.core.csat.Csat;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.store.BlobStore;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.transport.GatewayServer;
import dev.switchboard.core.transport.RouteTable;
import dev.switchboard.core.transport.TransportSettings;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: store, ingest, event bus, the enabled channels and the HTTP/websocket port,
 * started in dependency order and stopped in reverse. {@link #close()} stops accepting, lets in-flight
 * requests finish, stops the channels, drains pending commits and closes the store.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final LiveConfig config;
  private final Path configFile;
  private final Clock clock;
  private final PrometheusMeterRegistry meters;
  private final EventBus events = new EventBus();
  private final RouteTable routes = new RouteTable();
  private final ChannelSet channels;
  private final List<Consumer<HttpRoutes>> extraRoutes;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Singletons singletons = new Singletons();
  private final LeaderWork leader;
  private Stores stores;
  private Ingest ingest;
  private AdminAuth adminAuth;
  private volatile GatewayServer server;
  private NodeRole role;
  private NodeApis apis;

  Gateway(GatewayBuilder b) {
    this.config = new LiveConfig(b.config());
    this.configFile = b.configFile();
    this.clock = b.clock();
    this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.channels = new ChannelSet(b.adapters());
    this.extraRoutes = b.extraRoutes();
    this.leader = new LeaderWork(this);
  }

  public static GatewayBuilder builder(GatewayConfig config) {
    return new GatewayBuilder(config);
  }

  /**
   * Opens the store, takes this node's part ({@link NodeRole}: alone, or in a cluster), mounts what every
   * node serves ({@link NodeApis}), registers the leader's work ({@link LeaderWork}) around the start of the
   * channels ({@link ChannelSet}), and binds the port. On a single node the router rebuilds its queue from the
   * store meanwhile, and this returns once it holds the whole queue: from the bind until then the port
   * answers, {@code /health/ready} 503 ({@code router: starting}) and the routing routes 503, as a node's do
   * before it leads. Logs the steps' times once it is ready.
   */
  public Gateway start() throws Exception {
    StartSteps steps = new StartSteps();
    GatewayConfig cfg = config.get();
    bindJvmMetrics();
    stores = Stores.open(cfg.storage(), clock, meters);
    closeables.add(stores);
    // A search index backlog the last run left catches up once the router holds its queue, not beside it.
    CompletableFuture<Void> started = new CompletableFuture<>();
    stores.catchUpSearchIndexAfter(started);
    steps.done("store");
    // Closed (in reverse) before the store: the outbox, then the router.
    closeables.add(singletons::follow);
    role = NodeRole.take(this);
    closeables.add(role);
    ingest = new StoreIngest(role.intake(), events);
    adminAuth = new BearerAdminAuth(() -> config.get().admin());

    RunningGatewayContext context = new RunningGatewayContext(this);
    apis = new NodeApis(this, context);
    closeables.add(apis);
    leader.addSurveys(apis.csatLinks());
    TermRoutes termRoutes = role.termRoutes(routes);
    RoutingTerm.declare(termRoutes, adminAuth);
    NodeHealth health = new NodeHealth(stores, role.membership(), termRoutes, leader::outbox);
    steps.done("apis");
    // Before the channels, so no queued conversation is missed: the router follows the bus from here on.
    leader.addRouting(termRoutes);
    steps.done("router");

    channels.start(cfg, context, health::check);
    health.mount(routes, meters);
    leader.addAfterChannels(channels.started(), role.relay());
    extraRoutes.forEach(r -> r.accept(routes));
    steps.done("channels");

    ServerConfig sc = cfg.server();
    server = GatewayServer.start(sc.host(), sc.port(), routes, TransportSettings.of(sc), meters);
    steps.done("bind");
    role.campaign();
    leader.awaitRouting();
    steps.done("queue");
    started.complete(null);
    log.info("Gateway started in {} ms ({})", steps.total(), steps);
    return this;
  }

  /** The router while this node leads (always, on a single node), else {@code null}; for tests and the bench. */
  public Router router() {
    return leader.router();
  }

  /** This node's cluster membership, or {@code null} on a single node. */
  public ClusterMembership cluster() {
    return role == null ? null : role.membership();
  }

  private void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(meters);
    new JvmGcMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
  }

  /** Whether the port is bound yet. */
  boolean listening() {
    return server != null;
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  public LiveConfig config() {
    return config;
  }

  /** The file the config came from, or {@code null} when it was given in code. */
  public Path configFile() {
    return configFile;
  }

  public ConversationStore store() {
    return stores.conversations();
  }

  public EventBus events() {
    return events;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  public Clock clock() {
    return clock;
  }

  public List<ChannelAdapter> channels() {
    return channels.started();
  }

  public Ingest ingest() {
    return ingest;
  }

  /** Where attachment content is stored. */
  public BlobStore blobs() {
    return stores.blobs();
  }

  /** The signer of the expiring attachment links this gateway hands out. */
  public ChatReopenLinks chatReopenLinks() {
    return apis.chatReopenLinks();
  }

  public AttachmentLinks attachmentLinks() {
    return apis.attachmentLinks();
  }

  /** Where channels hand customers' satisfaction answers. */
  public Csat csat() {
    return apis.csat();
  }

  AttachmentIntake attachmentIntake() {
    return apis.attachmentIntake();
  }

  AdminAuth adminAuth() {
    return adminAuth;
  }

  RouteTable routes() {
    return routes;
  }

  Singletons singletons() {
    return singletons;
  }

  Stores stores() {
    return stores;
  }

  @Override
  public void close() {
    if (server != null) {
      server.stopAccepting();
    }
    // The leader's work (outbox, router, surveys, follow-ups) stops before the channels it sends through:
    // a send tried on a stopped channel counted as a provider failure and waited out a backoff, even on the
    // node that led next. In a cluster the lease is given up afterwards, when the membership closes; a lease
    // gained meanwhile starts nothing.
    singletons.close();
    channels.stop();
    if (server != null) {
      server.close(config.get().server().shutdownTimeout());
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        log.error("Failed to close {}", closeables.get(i), e);
      }
    }
    meters.close();
    log.info("Gateway stopped");
  }
}
