package dev.switchboard.server.ops;

import static dev.switchboard.server.ops.JsonSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.core.http.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alert rules against a real gateway: one node in cluster mode on PostgreSQL takes
 * a chat, an SMS and a mail (by IMAP), an agent answers each through the desk, and then every metric the
 * ops files name must be in its Prometheus scrape.
 */
class DashboardMetricsTest {

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser(OpsGateway.SUPPORT, OpsGateway.SUPPORT, "secret"))
      .withPerMethodLifecycle(false);

  @TempDir
  static Path dir;

  static TwilioStandIn twilio;
  static OpsGateway node;
  static Set<String> exported;

  @BeforeAll
  static void exerciseEveryChannelThenScrape() throws Exception {
    twilio = new TwilioStandIn();
    node = new OpsGateway(dir, greenMail.getImap().getPort(), greenMail.getSmtp().getPort(), twilio.baseUrl(), "");
    await().atMost(Duration.ofSeconds(20)).until(() ->
        Json.read(node.get("/health/ready").body()).path("router").asText().equals("here"));

    try (JsonSocket alice = JsonSocket.open(node.ws("/agent/ws"), null);
        JsonSocket visitor = JsonSocket.open(node.ws("/chat/ws"), OpsGateway.ORIGIN)) {
      alice.send(frame("auth").put("token", OpsGateway.AGENT_TOKEN));
      alice.next("ready");
      alice.send(frame("presence").put("status", "available"));

      visitor.send(frame("hello").put("name", "Vera"));
      visitor.next("welcome");
      visitor.send(frame("message").put("text", "Is my order shipped?").put("clientId", "c1"));
      visitor.next("ack");
      answer(alice, "chat");
      visitor.next(f -> f.path("type").asText().equals("message"), "the agent's reply");

      assertThat(node.sms("+15557654321", "My phone bill is wrong", "SM" + "1".repeat(32)).statusCode()).isEqualTo(200);
      answer(alice, "sms");
      await().atMost(Duration.ofSeconds(15)).until(() -> !twilio.sent().isEmpty());

      GreenMailUtil.sendTextEmail(OpsGateway.SUPPORT, "jane@example.org", "Invoice", "Where is my invoice?",
          greenMail.getSmtp().getServerSetup());
      answer(alice, "email");
      await().atMost(Duration.ofSeconds(15)).until(() -> greenMail.getReceivedMessagesForDomain("example.org").length > 0);
    }
    // and some bad input, which the dashboard's error panels count
    assertThat(node.get("/nowhere").statusCode()).isEqualTo(404);
    assertThat(node.post("/email/inbound", "message/rfc822", "Subject: no sender\r\n\r\nHello\r\n").statusCode())
        .isEqualTo(422);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(scrape()).contains(
        "switchboard_email_sent_total", "switchboard_sms_sent_total", "switchboard_routing_wait_seconds_count"));
    exported = scrape();
  }

  /** The next offer on {@code channel} is accepted and answered; returns its conversation id. */
  static String answer(JsonSocket alice, String channel) {
    JsonNode offer = alice.next(f -> f.path("type").asText().equals("offer")
        && f.path("channel").asText().equals(channel), "an offer of a " + channel + " conversation");
    String id = offer.path("conversationId").asText();
    alice.send(frame("accept").put("conversationId", id));
    alice.next(f -> f.path("type").asText().equals("assigned")
        && f.path("conversation").path("id").asText().equals(id), "assigned " + id);
    alice.send(frame("reply").put("conversationId", id).put("text", "Looking into it now.").put("clientId", "r-" + id));
    alice.next(f -> f.path("type").asText().equals("ack") && f.path("clientId").asText().equals("r-" + id), "ack of the reply");
    return id;
  }

  /** The sample names of a scrape: histograms as their _bucket, _count and _sum series. */
  static Set<String> scrape() throws Exception {
    Set<String> names = new TreeSet<>();
    node.get("/metrics").body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
      int end = 0;
      while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
        end++;
      }
      names.add(l.substring(0, end));
    });
    return names;
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (twilio != null) {
      twilio.close();
    }
  }

  @Test
  void everyDashboardQueryNamesOnlyMetricsTheGatewayExports() throws Exception {
    Set<String> named = new HashSet<>();
    OpsFiles.dashboardQueries().forEach(q -> named.addAll(PromQl.metricNames(q.expr())));

    assertThat(named).hasSizeGreaterThan(20);
    assertThat(exported).containsAll(named);
  }

  @Test
  void everyAlertRuleNamesOnlyMetricsTheGatewayExports() throws Exception {
    Set<String> named = new HashSet<>();
    OpsFiles.alertRules().forEach(r -> named.addAll(PromQl.metricNames(r.expr())));

    assertThat(exported).containsAll(named);
  }

  @Test
  void theFirstRepliesAreInTheFirstResponseHistogramAtTheTiersTarget() throws Exception {
    String text = node.get("/metrics").body();

    assertThat(text)
        .contains("switchboard_routing_first_response_seconds_bucket{tier=\"standard\",le=\"900.0\"} 3")
        .contains("switchboard_routing_first_response_seconds_count{tier=\"standard\"} 3")
        .contains("switchboard_routing_first_response_seconds_count{tier=\"vip\"} 0")
        .contains("switchboard_email_imap_connected 1");
  }
}
