package dev.switchboard.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.chat.CrashVisitor;
import dev.switchboard.bench.cluster.BenchCluster.Node;
import dev.switchboard.bench.crash.DeskAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a failed cluster crash run leaves behind, under {@code target/surefire-reports/<test>-<time>/} (CI
 * keeps the reports directory): every node's log, and {@code diagnosis.txt}, which is also printed: each
 * node's health and the metrics that tell a desk was cut off or a relay closed, the leader's view of the agents
 * and of the queue, the store's conversations by status and holder, the inbound no agent answered by where
 * their conversation stands, the outbox by channel and state, each agent's connection and the frames its last sign-in brought, each
 * chat visitor's node and connection, the chat replies no visitor got with the events that crossed for them, and what
 * was still pending. Taken while the cluster still runs, before it is stopped.
 */
final class CrashEvidence {

  /** The metrics worth a look when agents stop answering (Prometheus names, as prefixes). */
  private static final Pattern METRICS = Pattern.compile("^(switchboard_websocket_slow_clients|"
      + "switchboard_websocket_dropped_frames|switchboard_cluster_relay|switchboard_desk_errors|"
      + "switchboard_routing_save_failures|switchboard_cluster_events|switchboard_cluster_leader|"
      + "switchboard_cluster_failovers|switchboard_routing_queue|switchboard_websocket_connections|"
      + "switchboard_outbox|switchboard_channel_degraded|switchboard_store_queue_depth)");

  private final BenchCluster cluster;
  private final String storeUrl;

  CrashEvidence(BenchCluster cluster, String storeUrl) {
    this.cluster = cluster;
    this.storeUrl = storeUrl;
  }

  /** Writes the evidence of a failed run of {@code test} and returns its directory. */
  Path keep(String test, List<Path> nodeLogs, List<DeskAgent> agents, List<CrashVisitor> visitors,
      Callable<Map<String, Long>> pending) throws IOException {
    Path dir = Path.of("target", "surefire-reports",
        test + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(dir);
    for (Path log : nodeLogs) {
      if (Files.isRegularFile(log)) {
        Files.copy(log, dir.resolve(log.getParent().getFileName() + "-gateway.log"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    String diagnosis = diagnose(agents, visitors, pending);
    Files.writeString(dir.resolve("diagnosis.txt"), diagnosis, StandardCharsets.UTF_8);
    Log.info("CRASH evidence kept in %s:%n%s", dir.toAbsolutePath(), diagnosis);
    return dir;
  }

  private String diagnose(List<DeskAgent> agents, List<CrashVisitor> visitors,
      Callable<Map<String, Long>> pending) {
    StringBuilder out = new StringBuilder();
    for (Node n : cluster.nodes()) {
      out.append("== node ").append(n.id()).append(" (port ").append(n.port()).append(", ")
          .append(n.process().alive() ? "alive" : "killed").append(")\n");
      if (!n.process().alive()) {
        continue;
      }
      out.append("health: ").append(attempt(() -> cluster.text(n, "/health/ready"))).append('\n');
      out.append(attempt(() -> cluster.text(n, "/metrics").lines().filter(l -> METRICS.matcher(l).find())
          .collect(Collectors.joining("\n")))).append('\n');
    }
    cluster.nodes().stream().filter(n -> n.process().alive()).findFirst().ifPresent(n -> {
      out.append("== the leader's agents (asked of ").append(n.id()).append(")\n");
      out.append(attempt(() -> cluster.get(n, "/api/agents").map(CrashEvidence::agents).orElse("no answer")))
          .append('\n');
      out.append("== the leader's queue\n");
      out.append(attempt(() -> cluster.get(n, "/api/queue").map(CrashEvidence::queue).orElse("no answer")))
          .append('\n');
    });
    out.append("== store\n").append(attempt(this::store)).append('\n');
    out.append("== desk agents\n");
    agents.forEach(a -> out.append(a.describe()).append('\n'));
    out.append("== chat visitors\n");
    visitors.forEach(v -> out.append(v.describe()).append('\n'));
    out.append("== chat replies no visitor got (id, conversation, delivery, seconds ago, their cluster_events)\n");
    out.append(attempt(() -> repliesNotSeen(visitors))).append('\n');
    out.append("== pending\n").append(attempt(() -> String.valueOf(pending.call()))).append('\n');
    return out.toString();
  }

  private static String agents(JsonNode body) {
    StringBuilder s = new StringBuilder();
    for (JsonNode a : body.path("agents")) {
      s.append(a.path("id").asText()).append(": connected ").append(a.path("connected").asText())
          .append(", presence ").append(a.path("presence").asText()).append(", load ").append(a.path("load"))
          .append(", holds ").append(a.path("conversations").size()).append(", offers ").append(a.path("offers"))
          .append('\n');
    }
    return s.toString();
  }

  private static String queue(JsonNode body) {
    long offered = 0;
    for (JsonNode tier : body.path("tiers")) {
      for (JsonNode e : tier.path("waiting")) {
        if (e.hasNonNull("offeredTo")) {
          offered++;
        }
      }
    }
    return body.path("total").asText() + " waiting, " + offered + " of them offered";
  }

  /** Open conversations by status and holder, and the inbound messages no agent answered by the same. */
  private String store() throws SQLException {
    StringBuilder s = new StringBuilder();
    try (Connection c = DriverManager.getConnection(storeUrl); Statement st = c.createStatement()) {
      s.append("conversations (status, assignee, classified): ");
      s.append(rows(st, "SELECT status, COALESCE(assignee, '-'), tier IS NOT NULL, COUNT(*) FROM conversations "
          + "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"));
      s.append("\ninbound with no reply after it (status, assignee, channel): ");
      s.append(rows(st, """
          SELECT c.status, COALESCE(c.assignee, '-'), m.channel, COUNT(*) FROM messages m
          JOIN conversations c ON c.id = m.conversation_id
          WHERE m.direction = 'IN' AND NOT EXISTS (SELECT 1 FROM messages r
            WHERE r.conversation_id = m.conversation_id AND r.client_id = 're-' || m.id)
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"""));
      s.append("\noutbox (channel, delivery, attempts, due now, seconds to the last due): ");
      s.append(rows(st, """
          SELECT m.channel, m.delivery, o.attempts, o.next_attempt_at <= EXTRACT(EPOCH FROM now()) * 1000,
            MAX(o.next_attempt_at - EXTRACT(EPOCH FROM now()) * 1000) / 1000, COUNT(*)
          FROM outbox o JOIN messages m ON m.id = o.message_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"""));
    }
    return s.toString();
  }

  /**
   * Each stored chat reply no visitor saw, with the events that crossed nodes for it: a reply recorded sent
   * whose {@code DELIVERY_UPDATED} never reached the table was never pushed to a visitor on another node.
   */
  private String repliesNotSeen(List<CrashVisitor> visitors) throws SQLException {
    java.util.Set<String> seen = visitors.stream().flatMap(v -> v.repliesSeen().stream()).collect(Collectors.toSet());
    Map<String, String> visitorOf = new java.util.HashMap<>();
    visitors.forEach(v -> {
      if (v.conversationId() != null) {
        visitorOf.put(v.conversationId(), "visitor " + v.index());
      }
    });
    StringBuilder s = new StringBuilder();
    try (Connection c = DriverManager.getConnection(storeUrl); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("""
            SELECT m.id, m.conversation_id, m.delivery,
              (EXTRACT(EPOCH FROM now()) * 1000 - m.created_at) / 1000,
              (SELECT string_agg(e.kind || ' ' || COALESCE(e.delivery, '-') || ' from ' || e.origin || ' #' || e.seq,
                 ', ' ORDER BY e.seq) FROM cluster_events e WHERE e.message_id = m.id)
            FROM messages m WHERE m.channel = 'CHAT' AND m.direction = 'OUT' ORDER BY m.id""")) {
      while (rs.next()) {
        if (!seen.contains(rs.getString(1))) {
          s.append("\n  ").append(rs.getString(1)).append(" | ").append(rs.getString(2)).append(" (")
              .append(visitorOf.getOrDefault(rs.getString(2), "no visitor")).append(") | ").append(rs.getString(3))
              .append(" | ").append(rs.getLong(4)).append(" s | ").append(rs.getString(5));
        }
      }
    }
    return s.toString();
  }

  /**
   * The chat replies recorded sent (or delivered) with no {@code DELIVERY_UPDATED} row in the events table,
   * by conversation: the old leader committed them and died before its relay sent the event. Only a
   * takeover's catch-up shows them to a visitor who stayed connected to another node.
   */
  static Map<String, Long> sentWithoutDeliveryEvent(String storeUrl) throws SQLException {
    Map<String, Long> byConversation = new java.util.TreeMap<>();
    try (Connection c = DriverManager.getConnection(storeUrl); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("""
            SELECT m.conversation_id, COUNT(*) FROM messages m
            WHERE m.channel = 'CHAT' AND m.direction = 'OUT' AND m.delivery IN ('SENT', 'DELIVERED')
              AND NOT EXISTS (SELECT 1 FROM cluster_events e WHERE e.message_id = m.id AND e.kind = 'DELIVERY_UPDATED')
            GROUP BY 1""")) {
      while (rs.next()) {
        byConversation.put(rs.getString(1), rs.getLong(2));
      }
    }
    return byConversation;
  }

  private static String rows(Statement st, String sql) throws SQLException {
    StringBuilder s = new StringBuilder();
    try (ResultSet rs = st.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        s.append("\n  ");
        for (int i = 1; i <= columns; i++) {
          s.append(i > 1 ? " | " : "").append(rs.getString(i));
        }
      }
    }
    return s.toString();
  }

  private static String attempt(Callable<String> read) {
    try {
      return read.call();
    } catch (Exception e) {
      return "(could not read: " + e + ")";
    }
  }
}
