package dev.switchboard.config;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks that need more than one value: references between sections (rules and agents name
 * tiers), uniqueness, and rules about the shape of a value (a port, an address, an origin). Routing,
 * agents and canned replies have validators of their own ({@link RoutingValidator}, {@link AgentValidator},
 * {@link CannedReplyValidator}); this one runs them, tiers first, and checks the other sections. Runs on
 * the bound config even when binding found problems, so one pass reports everything.
 */
final class ConfigValidator {

  static final List<String> CHANNELS = List.of("email", "sms", "chat");

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final Diagnostics d;

  ConfigValidator(Diagnostics diagnostics) {
    this.d = diagnostics;
  }

  void validate(GatewayConfig config) {
    server(config.server());
    storage(config.storage());
    admin(config.admin());
    channels(config.channels());
    List<String> tiers = new RoutingValidator(d).validate(config.routing());
    new AgentValidator(d).validate(config.agents(), tiers);
    new CannedReplyValidator(d).validate(config.cannedReplies(), tiers);
    cluster(config.cluster(), config.storage());
    csat(config.csat());
    csatLinksInCluster(config);
  }

  /**
   * An e-mail survey is answered through a link signed with {@code server.linkSecret}, and behind a load
   * balancer any node may receive it: without a shared secret each node draws its own key and refuses the
   * links the leader signed, so the answers are lost.
   */
  private void csatLinksInCluster(GatewayConfig config) {
    if (config.csat().asks("email") && config.cluster().enabled() && config.server().linkSecret() == null) {
      d.report(d.pathOf(config.csat(), "csat") + ".enabled", "e-mail surveys in cluster mode need server.linkSecret, "
          + "the same on every node (a survey link signed by one node is refused by the others)");
    }
  }

  private void csat(CsatConfig csat) {
    String p = d.pathOf(csat, "csat");
    if (csat.question().isBlank()) {
      d.report(p + ".question", "the survey question is empty");
    }
    if (csat.delay().isNegative()) {
      d.report(p + ".delay", "expected a duration of 0s or more, got " + csat.delay());
    }
    if (csat.enabled() && csat.channels().isEmpty()) {
      d.report(p + ".channels", "surveys are enabled but no channel is listed (channels are: "
          + String.join(", ", CHANNELS) + ")");
    }
    for (int i = 0; i < csat.channels().size(); i++) {
      String channel = csat.channels().get(i);
      if (!CHANNELS.contains(channel)) {
        d.report(ConfigPath.index(p + ".channels", i), "unknown channel `" + channel + "`, "
            + Spelling.hint(channel, CHANNELS));
      } else if (csat.channels().indexOf(channel) < i) {
        d.report(ConfigPath.index(p + ".channels", i), "channel `" + channel + "` is listed twice");
      }
    }
  }

  private void cluster(ClusterConfig cluster, StorageConfig storage) {
    if (!cluster.enabled()) {
      return;
    }
    String p = d.pathOf(cluster, "cluster");
    if (!storage.usesPostgres()) {
      d.report(p + ".enabled", "cluster mode needs storage.postgres: the nodes share one PostgreSQL database"
          + " (SQLite is one node's file)");
    }
    if (cluster.nodeId() == null || cluster.nodeId().isBlank()) {
      d.report(p + ".nodeId", "cluster mode needs a nodeId, unique to each node (like gw-a)");
    } else if (!NODE_ID.matcher(cluster.nodeId()).matches()) {
      d.report(p + ".nodeId", "expected letters, digits, '.', '_' or '-' (at most 100), got \"" + cluster.nodeId() + "\"");
    }
    if (cluster.advertiseUrl() == null) {
      d.report(p + ".advertiseUrl", "cluster mode needs the URL other nodes reach this one at (like http://10.0.0.5:8080)");
    } else if (!isOrigin(cluster.advertiseUrl().toString().replaceAll("/+$", ""))) {
      d.report(p + ".advertiseUrl", "expected an http or https URL like http://10.0.0.5:8080, got \""
          + cluster.advertiseUrl() + "\"");
    }
  }

  private void server(ServerConfig server) {
    String p = d.pathOf(server, "server");
    portRange(p + ".port", server.port(), 0);
    String scheme = server.publicUrl().getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      d.report(p + ".publicUrl", "expected an http or https URL, got \"" + server.publicUrl() + "\"");
    }
  }

  private void storage(StorageConfig storage) {
    String p = d.pathOf(storage, "storage");
    // The record defaults sqlite, so "both set" can only be seen in the file itself.
    if (storage.postgres() != null && d.isWritten(p + ".sqlite")) {
      d.report(p + ".postgres", "set either sqlite or postgres, not both");
    }
    PostgresConfig pg = storage.postgres();
    if (pg != null && pg.url() != null && !pg.url().startsWith("jdbc:postgresql:")) {
      d.report(d.pathOf(pg, p + ".postgres") + ".url",
          "expected a JDBC URL like jdbc:postgresql://db.example.com:5432/switchboard");
    }
  }

  private void admin(AdminConfig admin) {
    String p = d.pathOf(admin, "admin") + ".tokens";
    for (int i = 0; i < admin.tokens().size(); i++) {
      Secret token = admin.tokens().get(i);
      if (token.reveal().isBlank()) {
        d.report(d.pathOf(token, ConfigPath.index(p, i)), "admin token is blank");
      }
    }
  }

  private void channels(ChannelsConfig channels) {
    String p = d.pathOf(channels, "channels");
    EmailConfig email = channels.email();
    if (email != null) {
      String ep = d.pathOf(email, p + ".email");
      if (email.address() != null && !EMAIL.matcher(email.address()).matches()) {
        d.report(ep + ".address", "expected an e-mail address like support@example.com, got \"" + email.address() + "\"");
      }
      if (email.imap() != null) {
        portRange(d.pathOf(email.imap(), ep + ".imap") + ".port", email.imap().port(), 1);
      }
      if (email.smtp() != null) {
        portRange(d.pathOf(email.smtp(), ep + ".smtp") + ".port", email.smtp().port(), 1);
      }
      attachmentTypes(ep + ".attachmentTypes", email.attachmentTypes());
    }
    SmsConfig sms = channels.sms();
    if (sms != null) {
      String sp = d.pathOf(sms, p + ".sms");
      for (int i = 0; i < sms.numbers().size(); i++) {
        String number = sms.numbers().get(i);
        if (!E164.matcher(number).matches()) {
          d.report(ConfigPath.index(sp + ".numbers", i),
              "expected a phone number in E.164 form like +15550001111, got \"" + number + "\"");
        }
      }
      attachmentTypes(sp + ".attachmentTypes", sms.attachmentTypes());
    }
    ChatConfig chat = channels.chat();
    if (chat != null) {
      String cp = d.pathOf(chat, p + ".chat");
      for (int i = 0; i < chat.allowedOrigins().size(); i++) {
        String origin = chat.allowedOrigins().get(i);
        if (!origin.equals("*") && !isOrigin(origin)) {
          d.report(ConfigPath.index(cp + ".allowedOrigins", i),
              "expected an origin like https://www.example.com (or *), got \"" + origin + "\"");
        }
      }
      attachmentTypes(cp + ".attachmentTypes", chat.attachmentTypes());
    }
  }

  private void attachmentTypes(String path, List<String> types) {
    for (int i = 0; i < types.size(); i++) {
      if (!AttachmentTypes.isValidEntry(types.get(i))) {
        d.report(ConfigPath.index(path, i), "expected a lower-case media type like application/pdf or image/*, got \""
            + types.get(i) + "\"");
      }
    }
  }

  private void portRange(String path, Integer port, int min) {
    if (port != null && (port < min || port > 65535)) {
      d.report(path, "expected a port from " + min + " to 65535, got " + port);
    }
  }

  private static boolean isOrigin(String origin) {
    try {
      URI uri = new URI(origin);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
