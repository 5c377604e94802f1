package dev.switchboard.config;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks that need more than one value: references between sections (rules and agents name
 * tiers), uniqueness, and rules about the shape of a value (a port, a token hash, a rule condition).
 * Runs on the bound config even when binding found problems, so one pass reports everything.
 */
final class ConfigValidator {

  static final List<String> RULE_KEYS = List.of("channel", "contact.<attribute>", "subject", "text", "businessHours");
  static final List<String> CHANNELS = List.of("email", "sms", "chat");

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
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
    List<String> tiers = routing(config.routing());
    agents(config.agents(), tiers);
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

  /** Checks routing and returns the tier names, or {@code null} when they are not known reliably. */
  private List<String> routing(RoutingConfig routing) {
    String p = d.pathOf(routing, "routing");
    String tp = p + ".tiers";
    // A tier the file wrote but that could not be read would make every reference to it look unknown.
    boolean tiersReliable = !d.hasProblem(path -> path.equals(p) || path.equals(tp)
        || path.startsWith(tp + "[") && (path.endsWith("]") || path.endsWith(".name")));
    if (routing.tiers().isEmpty()) {
      d.report(tp, "at least one tier is needed");
    }
    Map<String, String> tierPaths = new LinkedHashMap<>();
    for (TierConfig tier : routing.tiers()) {
      String path = d.pathOf(tier, tp);
      if (tier.name() == null) {
        continue;
      }
      if (tier.name().isBlank()) {
        d.report(path + ".name", "tier name is blank");
      } else if (tierPaths.containsKey(tier.name())) {
        d.report(path + ".name", "duplicate tier name `" + tier.name() + "` (also " + tierPaths.get(tier.name()) + ")");
      } else {
        tierPaths.put(tier.name(), path);
      }
    }
    List<String> tiers = tiersReliable ? List.copyOf(tierPaths.keySet()) : null;
    for (TierConfig tier : routing.tiers()) {
      schedule(tier.businessHours(), d.pathOf(tier, tp) + ".businessHours", p + ".schedules", routing.schedules());
    }
    for (int i = 0; i < routing.rules().size(); i++) {
      RuleConfig rule = routing.rules().get(i);
      rule(rule, d.pathOf(rule, ConfigPath.index(p + ".rules", i)), tiers, routing.businessHours() != null);
    }
    Percent warnAt = routing.warnAt();
    if (warnAt != null && (warnAt.fraction() <= 0 || warnAt.fraction() >= 1)) {
      d.report(p + ".warnAt", "expected a percentage above 0% and below 100%, like 80%, got " + warnAt);
    }
    for (int i = 0; i < routing.escalation().size(); i++) {
      EscalationConfig step = routing.escalation().get(i);
      String path = d.pathOf(step, ConfigPath.index(p + ".escalation", i));
      if (step.promote() < 0) {
        d.report(path + ".promote", "expected 0 or more tiers to promote by, got " + step.promote());
      } else if (step.promote() == 0 && !step.widen()) {
        d.report(path, "this step does nothing: set promote to 1 or more, or widen: true");
      }
    }
    return tiers;
  }

  /** A tier's {@code businessHours} names a schedule of {@code routing.schedules}. */
  private void schedule(String name, String path, String schedulesPath, Map<String, BusinessHoursConfig> schedules) {
    // A schedule written but not bindable is reported where it is; naming it is no second problem.
    if (name == null || schedules.containsKey(name) || d.isWritten(ConfigPath.key(schedulesPath, name))) {
      return;
    }
    List<String> names = List.copyOf(schedules.keySet());
    d.report(path, "unknown schedule `" + name + "`, " + (names.isEmpty()
        ? "define it under routing.schedules"
        : Spelling.closest(name, names).map(n -> "did you mean `" + n + "`?")
            .orElseGet(() -> "schedules are: " + String.join(", ", names.stream().sorted().toList()))));
  }

  private void rule(RuleConfig rule, String path, List<String> tiers, boolean hasBusinessHours) {
    if (rule.tier() != null && tiers != null && !tiers.contains(rule.tier())) {
      d.report(path + ".tier", unknownTier(rule.tier(), tiers));
    }
    for (Map.Entry<String, String> condition : rule.when().entrySet()) {
      String key = condition.getKey();
      String value = condition.getValue();
      String cp = ConfigPath.key(path + ".when", key);
      switch (key) {
        case "channel" -> {
          // One channel or several: "sms", "sms, chat" or "sms|chat".
          for (String channel : value.toLowerCase(Locale.ROOT).split("\\s*[,|]\\s*", -1)) {
            if (!CHANNELS.contains(channel)) {
              d.report(cp, "unknown channel \"" + channel + "\", expected one of: " + String.join(", ", CHANNELS));
            }
          }
        }
        case "subject", "text" -> {
          try {
            Pattern.compile(value);
          } catch (PatternSyntaxException e) {
            d.report(cp, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
          }
        }
        case "businessHours" -> {
          if (!value.equalsIgnoreCase("open") && !value.equalsIgnoreCase("closed")) {
            d.report(cp, "expected open or closed, got \"" + value + "\"");
          } else if (!hasBusinessHours) {
            d.report(cp, "a businessHours condition needs routing.businessHours to be set");
          }
        }
        default -> {
          if (!key.startsWith("contact.") || key.length() == "contact.".length()) {
            d.report(cp, "unknown condition, " + Spelling.closest(key, List.of("channel", "subject", "text", "businessHours"))
                .map(k -> "did you mean `" + k + "`?")
                .orElseGet(() -> "expected one of: " + String.join(", ", RULE_KEYS)));
          }
        }
      }
    }
  }

  private void agents(List<AgentConfig> agents, List<String> tiers) {
    Map<String, String> idPaths = new HashMap<>();
    Map<String, String> tokenOwners = new HashMap<>();
    for (int i = 0; i < agents.size(); i++) {
      AgentConfig agent = agents.get(i);
      String p = d.pathOf(agent, ConfigPath.index("agents", i));
      if (agent.id() != null) {
        if (agent.id().isBlank()) {
          d.report(p + ".id", "agent id is blank");
        } else if (idPaths.putIfAbsent(agent.id(), p) != null) {
          d.report(p + ".id", "duplicate agent id `" + agent.id() + "` (also " + idPaths.get(agent.id()) + ")");
        }
      }
      if (agent.tokenSha256() != null) {
        if (!SHA256_HEX.matcher(agent.tokenSha256()).matches()) {
          d.report(p + ".tokenSha256", "expected the SHA-256 of the agent's token as 64 hex digits, got "
              + agent.tokenSha256().length() + " characters");
        } else {
          String owner = tokenOwners.putIfAbsent(agent.tokenSha256().toLowerCase(Locale.ROOT), p);
          if (owner != null) {
            d.report(p + ".tokenSha256", "same token as " + owner + "; every agent needs their own");
          }
        }
      }
      if (tiers != null) {
        for (int t = 0; t < agent.tiers().size(); t++) {
          String tier = agent.tiers().get(t);
          if (!tiers.contains(tier)) {
            d.report(ConfigPath.index(p + ".tiers", t), unknownTier(tier, tiers));
          }
        }
      }
      for (Map.Entry<String, Integer> capacity : agent.capacity().entrySet()) {
        String cp = ConfigPath.key(p + ".capacity", capacity.getKey());
        if (!CHANNELS.contains(capacity.getKey())) {
          d.report(cp, "unknown channel, " + Spelling.hint(capacity.getKey(), CHANNELS));
        } else if (capacity.getValue() <= 0) {
          d.report(cp, "must be greater than zero, got " + capacity.getValue());
        }
      }
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

  private static String unknownTier(String tier, List<String> tiers) {
    return "unknown tier `" + tier + "`, " + Spelling.closest(tier, tiers)
        .map(t -> "did you mean `" + t + "`?")
        .orElseGet(() -> "tiers are: " + String.join(", ", tiers));
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
