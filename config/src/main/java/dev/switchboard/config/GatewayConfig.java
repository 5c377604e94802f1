package dev.switchboard.config;

import java.util.List;

/**
 * The whole of {@code gateway.yaml}, bound to immutable records.
 *
 * <p>Convention for every record in this package: the loader passes {@code null} for a key the file
 * leaves out, and the compact constructor fills in the default. A section that is absent and has no
 * sensible default (a channel) stays {@code null}, which means "disabled".
 */
public record GatewayConfig(
    ServerConfig server,
    StorageConfig storage,
    AdminConfig admin,
    ChannelsConfig channels,
    RoutingConfig routing,
    List<AgentConfig> agents,
    ContactsConfig contacts,
    ClusterConfig cluster,
    List<CannedReplyConfig> cannedReplies,
    CsatConfig csat,
    LoggingConfig logging) {

  public GatewayConfig {
    server = server == null ? ServerConfig.defaults() : server;
    storage = storage == null ? new StorageConfig(null, null, null, null, null, null) : storage;
    admin = admin == null ? new AdminConfig(null) : admin;
    channels = channels == null ? new ChannelsConfig(null, null, null) : channels;
    routing = routing == null ? RoutingConfig.defaults() : routing;
    agents = agents == null ? List.of() : List.copyOf(agents);
    contacts = contacts == null ? new ContactsConfig(null) : contacts;
    cluster = cluster == null ? ClusterConfig.disabled() : cluster;
    cannedReplies = cannedReplies == null ? List.of() : List.copyOf(cannedReplies);
    csat = csat == null ? CsatConfig.disabled() : csat;
    logging = logging == null ? LoggingConfig.defaults() : logging;
  }

  /** The sections of a node with default logging. */
  public GatewayConfig(ServerConfig server, StorageConfig storage, AdminConfig admin, ChannelsConfig channels,
      RoutingConfig routing, List<AgentConfig> agents, ContactsConfig contacts, ClusterConfig cluster,
      List<CannedReplyConfig> cannedReplies, CsatConfig csat) {
    this(server, storage, admin, channels, routing, agents, contacts, cluster, cannedReplies, csat, null);
  }

  /** The sections of a node without satisfaction surveys. */
  public GatewayConfig(ServerConfig server, StorageConfig storage, AdminConfig admin, ChannelsConfig channels,
      RoutingConfig routing, List<AgentConfig> agents, ContactsConfig contacts, ClusterConfig cluster,
      List<CannedReplyConfig> cannedReplies) {
    this(server, storage, admin, channels, routing, agents, contacts, cluster, cannedReplies, null, null);
  }

  /** The sections of a node without canned replies. */
  public GatewayConfig(ServerConfig server, StorageConfig storage, AdminConfig admin, ChannelsConfig channels,
      RoutingConfig routing, List<AgentConfig> agents, ContactsConfig contacts, ClusterConfig cluster) {
    this(server, storage, admin, channels, routing, agents, contacts, cluster, null);
  }

  /** The sections of a single node (cluster mode off). */
  public GatewayConfig(ServerConfig server, StorageConfig storage, AdminConfig admin, ChannelsConfig channels,
      RoutingConfig routing, List<AgentConfig> agents, ContactsConfig contacts) {
    this(server, storage, admin, channels, routing, agents, contacts, null, null);
  }

  /** This config with {@code cluster} in place of its cluster section. */
  public GatewayConfig withCluster(ClusterConfig cluster) {
    return new GatewayConfig(server, storage, admin, channels, routing, agents, contacts, cluster, cannedReplies, csat,
        logging);
  }

  /** This config with {@code replies} as its canned replies. */
  public GatewayConfig withCannedReplies(List<CannedReplyConfig> replies) {
    return new GatewayConfig(server, storage, admin, channels, routing, agents, contacts, cluster, replies, csat,
        logging);
  }

  /** This config with {@code csat} as its survey settings. */
  public GatewayConfig withCsat(CsatConfig csat) {
    return new GatewayConfig(server, storage, admin, channels, routing, agents, contacts, cluster, cannedReplies, csat,
        logging);
  }

  /** This config with {@code logging} as its logging section. */
  public GatewayConfig withLogging(LoggingConfig logging) {
    return new GatewayConfig(server, storage, admin, channels, routing, agents, contacts, cluster, cannedReplies, csat,
        logging);
  }
}
