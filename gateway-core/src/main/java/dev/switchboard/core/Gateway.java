package dev.switchboard.core;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.config.ServerConfig;
import dev.switchboard.core.admin.BearerAdminAuth;
import dev.switchboard.core.admin.ConversationsApi;
import dev.switchboard.core.admin.ReportsApi;
import dev.switchboard.core.admin.SearchApi;
import dev.switchboard.core.attachments.AttachmentIntake;
import dev.switchboard.core.attachments.AttachmentLinks;
import dev.switchboard.core.attachments.AttachmentRules;
import dev.switchboard.core.attachments.AttachmentsApi;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.cluster.ClusterApi;
import dev.switchboard.core.cluster.ClusterEvents;
import dev.switchboard.core.cluster.ClusterMembership;
import dev.switchboard.core.cluster.LeaderLink;
import dev.switchboard.core.cluster.LeaderTerm;
import dev.switchboard.core.cluster.Singletons;
import dev.switchboard.core.cluster.TermRoutes;
import dev.switchboard.core.contacts.ContactMerges;
import dev.switchboard.core.contacts.ContactsApi;
import dev.switchboard.core.contacts.EmailProofs;
import dev.switchboard.core.continuity.ChatContinuity;
import dev.switchboard.core.continuity.ChatReopenLinks;
import dev.switchboard.core.csat.Csat;
import dev.switchboard.core.csat.CsatLinks;
import dev.switchboard.core.csat.CsatPages;
import dev.switchboard.core.csat.CsatScheduler;
import dev.switchboard.core.desk.AgentTokens;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.followup.FollowUpScheduler;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.BoundedExecutor;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.LinkKey;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.outbox.OutboxDispatcher;
import dev.switchboard.core.report.ReportRollupJob;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.search.Searches;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
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
  /** How long a follower waits for the leader to answer a forwarded request or a relayed upgrade. */
  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(10);

  private final LiveConfig config;
  private final Path configFile;
  private final Clock clock;
  private final PrometheusMeterRegistry meters;
  private final EventBus events = new EventBus();
  private final RouteTable routes = new RouteTable();
  private final List<ChannelAdapter> adapters;
  private final List<Consumer<HttpRoutes>> extraRoutes;
  private final List<ChannelAdapter> started = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Stores stores;
  private Ingest ingest;
  private AdminAuth adminAuth;
  private GatewayServer server;
  private final Singletons singletons = new Singletons();
  private ClusterMembership membership;
  private TermRoutes termRoutes;
  private volatile Router router;
  private volatile OutboxDispatcher outbox;
  private AttachmentLinks attachmentLinks;
  private ChatReopenLinks chatReopenLinks;
  private AttachmentIntake attachmentIntake;
  private Csat csat;

  private Gateway(Builder b) {
    this.config = new LiveConfig(b.config);
    this.configFile = b.configFile;
    this.clock = b.clock;
    this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.adapters = b.adapters != null ? List.copyOf(b.adapters)
        : ServiceLoader.load(ChannelAdapter.class).stream().map(ServiceLoader.Provider::get).toList();
    this.extraRoutes = List.copyOf(b.extraRoutes);
  }

  public static Builder builder(GatewayConfig config) {
    return new Builder(config);
  }

  /** Opens the store, starts the channels and binds the port. */
  public Gateway start() throws Exception {
    GatewayConfig cfg = config.get();
    bindJvmMetrics();
    stores = Stores.open(cfg.storage(), clock, meters);
    ConversationStore intakeStore = stores.conversations();
    closeables.add(stores);
    // Closed (in reverse) before the store: the outbox, then the router.
    closeables.add(singletons::follow);
    ClusterEvents relay = null;
    if (cfg.cluster().enabled()) {
      // Refuses a second live node of the same name before anything is started or bound.
      membership = ClusterMembership.join(cfg.cluster(), cfg.storage().postgres(), stores.conversations(),
          singletons, meters);
      closeables.add(membership);
      relay = membership.relay(events); // before the channels start: their events must cross nodes
      closeables.add(relay);
      intakeStore = relay.intake(); // an ingest writes its events for the other nodes in its own transaction
      if (configFile != null) {
        closeables.add(RoutingTerm.followerWatcher(configFile, config, () -> router != null));
      }
    } else {
      singletons.lead(LeaderTerm.single(stores.conversations())); // a single node leads from the start
    }
    ingest = new StoreIngest(intakeStore, events);
    adminAuth = new BearerAdminAuth(() -> config.get().admin());

    new ConversationsApi(stores.conversations(), adminAuth).mount(routes);
    new ContactsApi(stores.contacts(), adminAuth).mountReads(routes);
    // Proofs run on every node (a link may reach any); the router follows a proof's merge where it runs.
    EmailProofs proofs = new EmailProofs(stores.contacts(),
        new ContactMerges(stores.contacts(), this::router, events, meters), events, new RunningGatewayContext(this)::publicUrl, meters);
    closeables.add(proofs);
    proofs.mount(routes);
    new ReportsApi(stores.reports(), adminAuth, clock, () -> config.get().routing().tiers().stream()
        .collect(LinkedHashMap::new, (m, t) -> m.put(t.name(), t.firstResponse()), Map::putAll)).mount(routes);
    new SearchApi(new Searches(stores.conversations(), meters, Searches.DEFAULT_MAX_IN_FLIGHT), adminAuth).mount(routes);
    RunningGatewayContext context = new RunningGatewayContext(this);
    startAttachments(cfg, context);
    startCsat(cfg, context);
    new ClusterApi(membership, adminAuth).mount(routes);
    termRoutes = new TermRoutes(routes, membership == null
        ? () -> "the router is not running (the gateway is starting or stopping)" : membership::notLeaderMessage);
    if (membership != null) {
      // A follower serves the desk and the routing API through the leader (docs/architecture.md).
      LeaderLink link = membership.leaderLink(LEADER_TIMEOUT);
      closeables.add(link);
      termRoutes.relayingTo(link);
    }
    RoutingTerm.declare(termRoutes, adminAuth);
    NodeHealth health = new NodeHealth(stores, membership, termRoutes, () -> outbox);
    singletons.add("router", this::startRouting);

    for (ChannelAdapter adapter : adapters) {
      if (!adapter.enabled(cfg)) {
        log.info("Channel {} is not configured; not started", adapter.channel().key());
        continue;
      }
      adapter.start(context);
      started.add(adapter);
      health.check(adapter);
      log.info("Channel {} started", adapter.channel().key());
    }
    health.mount(routes, meters);
    singletons.add("outbox", term -> {
      OutboxDispatcher o = new OutboxDispatcher(term.store(), events, clock, meters, started,
          OutboxDispatcher.Settings.defaults(), () -> ThreadLocalRandom.current().nextDouble()).start();
      outbox = o;
      return () -> {
        outbox = null;
        o.close();
      };
    });
    singletons.add("follow-ups", FollowUpScheduler.singleton(events, clock, meters));
    singletons.add("chat-continuity", ChatContinuity.singleton(events, clock, config, meters, chatReopenLinks));
    singletons.add("report-rollup", ReportRollupJob.singleton(stores.reports(), meters));
    if (relay != null) {
      // Last, once the router and chat continuity follow the bus: the chats watched on every node.
      singletons.add("watched-chats", relay.rollCall());
    }
    extraRoutes.forEach(r -> r.accept(routes));

    ServerConfig sc = cfg.server();
    server = GatewayServer.start(sc.host(), sc.port(), routes, TransportSettings.of(sc), meters);
    if (membership != null) {
      membership.campaign();
    }
    return this;
  }

  /**
   * Satisfaction surveys: answers are taken on every node (the channels' and the links' pages), the asks are
   * a singleton of the leader.
   */
  private void startCsat(GatewayConfig cfg, RunningGatewayContext context) throws Exception {
    CsatLinks links = new CsatLinks(new LinkKey(
        linkSecret(cfg)), context::publicUrl);
    csat = new Csat(stores.conversations().csat(), events, meters);
    CsatPages.mount(routes, csat, links);
    singletons.add("csat", CsatScheduler.singleton(() -> config.get().csat(), links, events,
        clock, meters));
  }

  /** Attachment downloads and uploads, and the signed links that channels hand out. */
  private void startAttachments(GatewayConfig cfg, RunningGatewayContext context) {
    BoundedExecutor disk = new BoundedExecutor("attachments", 2, 64, meters);
    closeables.add(disk);
    attachmentLinks = new AttachmentLinks(linkSecret(cfg), context::publicUrl, clock);
    chatReopenLinks = new ChatReopenLinks(new LinkKey(
        linkSecret(cfg)), context::publicUrl, clock);
    attachmentIntake = new AttachmentIntake(stores.blobs(), new AttachmentRules(config::get), meters, disk);
    new AttachmentsApi(stores.conversations(), stores.blobs(), adminAuth, new AgentTokens(() -> config.get().agents()),
        () -> router, attachmentIntake, attachmentLinks).mount(routes);
  }

  /** The key that signs the links the gateway hands out, or {@code null} when none is configured. */
  private static byte[] linkSecret(GatewayConfig cfg) {
    Secret secret = cfg.server().linkSecret();
    return secret == null ? null : secret.reveal().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The router (rebuilt from the store), the agent desk, the routing admin API and live reload, for one
   * term of leadership (on a single node: from start to stop); a singleton added before the channels, so
   * no queued conversation is missed. Their routes answer 503 {@code not_leader} while this node follows.
   */
  private AutoCloseable startRouting(LeaderTerm term) throws Exception {
    RoutingTerm unit = RoutingTerm.start(term, termRoutes.begin(), config, configFile, events, clock, meters, adminAuth,
        stores.contacts());
    router = unit.router();
    return () -> {
      router = null;
      unit.close();
    };
  }

  /** The router while this node leads (always, on a single node), else {@code null}; for tests and the bench. */
  public Router router() {
    return router;
  }

  /** This node's cluster membership, or {@code null} on a single node. */
  public ClusterMembership cluster() {
    return membership;
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
    return List.copyOf(started);
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
    return chatReopenLinks;
  }

  public AttachmentLinks attachmentLinks() {
    return attachmentLinks;
  }

  /** Where channels hand customers' satisfaction answers. */
  public Csat csat() {
    return csat;
  }

  AttachmentIntake attachmentIntake() {
    return attachmentIntake;
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
    // node that led next. In a cluster the lease is given up afterwards, when the membership closes.
    singletons.follow();
    for (int i = started.size() - 1; i >= 0; i--) {
      ChannelAdapter a = started.get(i);
      try {
        a.stop();
      } catch (RuntimeException e) {
        log.error("Channel {} failed to stop", a.channel().key(), e);
      }
    }
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

  /** Settings for a {@link Gateway}; only the config is required. */
  public static final class Builder {
    private final GatewayConfig config;
    private Path configFile;
    private Clock clock = Clock.systemUTC();
    private List<ChannelAdapter> adapters;
    private final List<Consumer<HttpRoutes>> extraRoutes = new ArrayList<>();

    private Builder(GatewayConfig config) {
      this.config = requireNonNull(config, "config");
    }

    /** The file to reload the config from ({@code POST /api/config/reload} and the watcher). */
    public Builder configFile(Path file) {
      this.configFile = file;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The channel adapters to consider; by default every one {@link ServiceLoader} finds. */
    public Builder adapters(List<ChannelAdapter> adapters) {
      this.adapters = List.copyOf(adapters);
      return this;
    }

    /** Mounts more routes (the agent console page, say) when the gateway starts. */
    public Builder routes(Consumer<HttpRoutes> mount) {
      extraRoutes.add(requireNonNull(mount, "mount"));
      return this;
    }

    public Gateway build() {
      return new Gateway(this);
    }
  }
}
