package dev.switchboard.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalDouble;

/**
 * The {@code gateway.yaml} a bench writes for the gateway it starts: loopback only, a SQLite file in the
 * run's temp directory, routing on with one tier, {@code agents} desk agents whose tokens are
 * {@link #agentToken(int)}, and the channel sections the scenario needs. With {@link Tiers#URGENT_VIP} there
 * are two tiers and a rule making every message that contains {@link #URGENT_WORD} vip. With a
 * {@link ClusterSection} ({@link #inCluster}) the node shares a PostgreSQL schema with the other nodes instead;
 * with {@link #onPostgres} a single node keeps its store on PostgreSQL.
 */
public record GatewayConfigFile(
    int port,
    Path dataDir,
    int agents,
    int chatCapacityPerAgent,
    boolean chat,
    SmsSection sms,
    EmailSection email,
    Tiers tiers,
    ClusterSection cluster,
    String postgresUrl) {

  public static final String ADMIN_TOKEN = "bench-admin-token";
  public static final String SMS_NUMBER = "+15550001111";
  public static final String SMS_ACCOUNT = "AC00000000000000000000000000000000";
  /** The word in a message that makes it urgent (vip) under {@link Tiers#URGENT_VIP}. */
  public static final String URGENT_WORD = "outage";

  /** The routing tiers the gateway gets. */
  public enum Tiers {
    /** One tier, {@code standard}, for everything. */
    STANDARD_ONLY,
    /** {@code vip} (2m first response) for messages containing {@link #URGENT_WORD}, {@code standard} (15m) else. */
    URGENT_VIP
  }

  /**
   * Twilio: the auth token the bench signs webhooks with, the API replies are sent to, and the outbox's
   * pacing per number ({@code channels.sms.sendsPerSecond}; empty: unpaced).
   */
  public record SmsSection(String authToken, String apiBaseUrl, OptionalDouble sendsPerSecond) {
    public SmsSection {
      requireNonNull(authToken, "authToken");
      requireNonNull(apiBaseUrl, "apiBaseUrl");
      requireNonNull(sendsPerSecond, "sendsPerSecond");
      if (sendsPerSecond.isPresent() && !(sendsPerSecond.getAsDouble() > 0)) {
        throw new IllegalArgumentException("sendsPerSecond: " + sendsPerSecond.getAsDouble() + " (expected: > 0)");
      }
    }

    /** Unpaced. */
    public SmsSection(String authToken, String apiBaseUrl) {
      this(authToken, apiBaseUrl, OptionalDouble.empty());
    }

    /** Replies go to a loopback port nothing listens on: they fail fast and stay in the outbox. */
    public SmsSection(String authToken) {
      this(authToken, "http://127.0.0.1:9");
    }

    /** The same section with the outbox paced to {@code perSecond} sends a second per number. */
    public SmsSection pacedAt(double perSecond) {
      return new SmsSection(authToken, apiBaseUrl, OptionalDouble.of(perSecond));
    }
  }

  /**
   * The support mailbox; {@code imapPort} 0 means raw MIME over HTTP only, {@code smtpPort} 0 no SMTP
   * (replies stay in the outbox).
   */
  public record EmailSection(String address, int imapPort, String user, String password, int smtpPort) {
    public EmailSection {
      requireNonNull(address, "address");
    }

    public EmailSection(String address, int imapPort, String user, String password) {
      this(address, imapPort, user, password, 0);
    }
  }

  /**
   * One node of a cluster: its id, the PostgreSQL URL every node shares (with {@code currentSchema}), the
   * lease timeout, and the {@code publicUrl} every node shares, as behind a load balancer (Twilio signs
   * it). Chat then allows any origin, as a visitor's page may reach any node.
   */
  public record ClusterSection(String nodeId, String postgresUrl, java.time.Duration leaseTimeout, String publicUrl) {
    public ClusterSection {
      requireNonNull(nodeId, "nodeId");
      requireNonNull(postgresUrl, "postgresUrl");
      requireNonNull(leaseTimeout, "leaseTimeout");
      requireNonNull(publicUrl, "publicUrl");
    }
  }

  public GatewayConfigFile {
    requireNonNull(dataDir, "dataDir");
    requireNonNull(tiers, "tiers");
    if (cluster != null && postgresUrl != null) {
      throw new IllegalArgumentException("postgresUrl: set for a cluster node (expected: the cluster's url only)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    if (agents < 0) {
      throw new IllegalArgumentException("agents: " + agents + " (expected: >= 0)");
    }
  }

  /** One tier for everything. */
  public GatewayConfigFile(int port, Path dataDir, int agents, int chatCapacityPerAgent, boolean chat,
      SmsSection sms, EmailSection email) {
    this(port, dataDir, agents, chatCapacityPerAgent, chat, sms, email, Tiers.STANDARD_ONLY);
  }

  /** One node on SQLite. */
  public GatewayConfigFile(int port, Path dataDir, int agents, int chatCapacityPerAgent, boolean chat,
      SmsSection sms, EmailSection email, Tiers tiers) {
    this(port, dataDir, agents, chatCapacityPerAgent, chat, sms, email, tiers, null, null);
  }

  /** The same file for a node of a cluster. */
  public GatewayConfigFile inCluster(ClusterSection node) {
    return new GatewayConfigFile(port, dataDir, agents, chatCapacityPerAgent, chat, sms, email, tiers,
        requireNonNull(node, "node"), null);
  }

  /** The same file for a single node whose store is on PostgreSQL ({@code url} a JDBC URL with its schema). */
  public GatewayConfigFile onPostgres(String url) {
    return new GatewayConfigFile(port, dataDir, agents, chatCapacityPerAgent, chat, sms, email, tiers, null,
        requireNonNull(url, "url"));
  }

  public static String agentToken(int index) {
    return "bench-agent-token-" + index;
  }

  public static String agentId(int index) {
    return "agent" + index;
  }

  public Path sqliteFile() {
    return dataDir.resolve("switchboard.db");
  }

  /** This node's own URL. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** What Twilio signs: the node's own URL, or in a cluster the one every node shares. */
  public String publicUrl() {
    return cluster == null ? url() : cluster.publicUrl();
  }

  public String yaml() {
    StringBuilder y = new StringBuilder();
    y.append("# Written by gateway-bench for one run; loopback only.\n");
    y.append("server: { port: ").append(port).append(", host: 127.0.0.1, publicUrl: \"")
        .append(publicUrl()).append("\", maxConnections: 200000, maxConnectionsPerAddress: 200000, "
            + "handlerTimeout: 120s }\n"); // a slow report is measured, not cut off at the default 30 s
    if (cluster == null && postgresUrl != null) {
      y.append("storage: { postgres: { url: \"").append(postgresUrl).append("\", poolSize: 4 }, attachments: \"")
          .append(dataDir.resolve("attachments")).append("\" }\n");
    } else if (cluster == null) {
      y.append("storage: { sqlite: \"").append(sqliteFile()).append("\", attachments: \"")
          .append(dataDir.resolve("attachments")).append("\" }\n");
    } else {
      y.append("storage: { postgres: { url: \"").append(cluster.postgresUrl()).append("\", poolSize: 4 }, attachments: \"")
          .append(dataDir.resolve("attachments")).append("\" }\n");
      y.append("cluster: { enabled: true, nodeId: ").append(cluster.nodeId()).append(", advertiseUrl: \"")
          .append(url()).append("\", leaseTimeout: ").append(cluster.leaseTimeout().toMillis()).append("ms }\n");
    }
    y.append("admin: { tokens: [\"").append(ADMIN_TOKEN).append("\"] }\n");
    y.append("channels:\n");
    if (chat) {
      y.append("  chat: { allowedOrigins: [\"").append(cluster == null ? url() : "*")
          .append("\"], maxMessageLength: 4000, messagesPerMinute: 1000000 }\n");
    }
    if (sms != null) {
      y.append("  sms: { accountSid: \"").append(SMS_ACCOUNT).append("\", authToken: \"").append(sms.authToken())
          .append("\", numbers: [\"").append(SMS_NUMBER).append("\"], apiBaseUrl: \"").append(sms.apiBaseUrl()).append('"');
      sms.sendsPerSecond().ifPresent(r -> y.append(", sendsPerSecond: ").append(r));
      y.append(" }\n");
    }
    if (email != null) {
      y.append("  email:\n    address: \"").append(email.address()).append("\"\n");
      if (email.imapPort() > 0) {
        y.append("    imap: { host: 127.0.0.1, port: ").append(email.imapPort()).append(", tls: false, user: \"")
            .append(email.user()).append("\", password: \"").append(email.password())
            .append("\", folder: INBOX, idle: true, pollInterval: 1s }\n");
      }
      if (email.smtpPort() > 0) {
        y.append("    smtp: { host: 127.0.0.1, port: ").append(email.smtpPort()).append(", tls: false }\n");
      }
    }
    if (!chat && sms == null && email == null) {
      y.setLength(y.length() - "channels:\n".length());
    }
    y.append("routing:\n");
    y.append("  strategy: earliest-deadline\n  offerTimeout: 30s\n");
    if (tiers == Tiers.URGENT_VIP) {
      y.append("  tiers: [ { name: vip, firstResponse: 2m, nextResponse: 10m },"
          + " { name: standard, firstResponse: 15m, nextResponse: 1h } ]\n");
      y.append("  rules: [ { when: { text: \"(?i)").append(URGENT_WORD).append("\" }, tier: vip }, { tier: standard } ]\n");
    } else {
      y.append("  tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]\n");
      y.append("  rules: [ { tier: standard } ]\n");
    }
    y.append("  autoReply: { enabled: false }\n");
    if (agents > 0) {
      y.append("agents:\n");
      for (int i = 0; i < agents; i++) {
        y.append("  - { id: ").append(agentId(i)).append(", tokenSha256: ").append(sha256Hex(agentToken(i)))
            .append(tiers == Tiers.URGENT_VIP ? ", tiers: [vip, standard]" : ", tiers: [standard]")
            .append(", capacity: { chat: ").append(chatCapacityPerAgent)
            .append(", sms: ").append(chatCapacityPerAgent).append(", email: ").append(chatCapacityPerAgent)
            .append(" } }\n");
      }
    }
    return y.toString();
  }

  /** Writes the file into {@link #dataDir} and returns its path. */
  public Path write() throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve("gateway.yaml");
    Files.writeString(file, yaml(), StandardCharsets.UTF_8);
    return file;
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
