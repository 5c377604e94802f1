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
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incident on a cluster-mode leader (PostgreSQL) with every real channel: an SMS through the Twilio
 * stand-in (the real SDK), a mail through GreenMail (IMAP in, SMTP out) and a chat visitor on a websocket
 * each get the status text, the update and the final message on their own channel, and are resolved.
 */
class IncidentChannelsTest {

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser(OpsGateway.SUPPORT, OpsGateway.SUPPORT, "secret"))
      .withPerMethodLifecycle(false);

  @TempDir
  static Path dir;

  static TwilioStandIn twilio;
  static OpsGateway node;

  @BeforeAll
  static void start() throws Exception {
    twilio = new TwilioStandIn();
    node = new OpsGateway(dir, greenMail.getImap().getPort(), greenMail.getSmtp().getPort(), twilio.baseUrl(), "");
    await().atMost(Duration.ofSeconds(20)).until(() ->
        Json.read(node.get("/health/ready").body()).path("router").asText().equals("here"));
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

  private static boolean smsSent(String to, String body) {
    return twilio.sent().stream().anyMatch(f -> to.equals(f.get("To")) && body.equals(f.get("Body")));
  }

  private static boolean mailed(String to, String text) {
    return Arrays.stream(greenMail.getReceivedMessages()).anyMatch(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(to))
            && GreenMailUtil.getBody(m).contains(text);
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static JsonNode json(java.net.http.HttpResponse<String> r) throws Exception {
    return Json.read(r.body());
  }

  @Test
  void everyChannelGetsTheStatusTheUpdateAndTheFinalMessageAndIsResolved() throws Exception {
    String w = "outage-" + UUID.randomUUID().toString().substring(0, 6);
    String phone = "+15557770001";
    String mail = "jane-" + w + "@example.org";
    try (JsonSocket visitor = JsonSocket.open(node.ws("/chat/ws"), OpsGateway.ORIGIN)) {
      visitor.send(frame("hello").put("name", "Vera"));
      visitor.next("welcome");
      visitor.send(frame("message").put("text", "Is there an " + w + "?").put("clientId", "c1"));
      visitor.next("ack");
      assertThat(node.sms(phone, "Your service is down, " + w, "SM" + "7".repeat(32)).statusCode()).isEqualTo(200);
      GreenMailUtil.sendTextEmail(OpsGateway.SUPPORT, mail, "Site down", "I see an " + w + " too.",
          greenMail.getSmtp().getServerSetup());
      await().atMost(Duration.ofSeconds(20)).until(() -> json(node.get("/api/queue", "Authorization",
          "Bearer " + OpsGateway.ADMIN_TOKEN)).path("total").asInt() >= 3);

      var created = node.post("/api/incidents", "application/json", "{\"title\":\"Outage\",\"text\":\"Known "
          + w + ", we are on it.\",\"match\":{\"text\":\"(?i)" + w + "\"}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(json(created).path("matched").asInt()).isEqualTo(3);
      String id = json(created).path("id").asText();
      String status = "Known " + w + ", we are on it.";
      await().atMost(Duration.ofSeconds(20)).until(() -> smsSent(phone, status) && mailed(mail, status));
      assertThat(visitor.next(f -> f.path("type").asText().equals("message")
          && f.path("message").path("text").asText().equals(status), "the status text").isObject()).isTrue();
      assertThat(json(node.get("/api/queue", "Authorization", "Bearer " + OpsGateway.ADMIN_TOKEN)).path("total")
          .asInt()).isZero();

      var update = node.post("/api/incidents/" + id + "/updates", "application/json",
          "{\"text\":\"Fix rolling out " + w + "\"}");
      assertThat(update.statusCode()).as(update.body()).isEqualTo(202);
      assertThat(json(update).path("queued").asInt()).isEqualTo(3);
      await().atMost(Duration.ofSeconds(20)).until(() -> smsSent(phone, "Fix rolling out " + w)
          && mailed(mail, "Fix rolling out " + w));
      visitor.next(f -> f.path("type").asText().equals("message")
          && f.path("message").path("text").asText().equals("Fix rolling out " + w), "the update");
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        JsonNode sms = json(node.get("/api/incidents/" + id, "Authorization", "Bearer " + OpsGateway.ADMIN_TOKEN))
            .path("channels").path("sms").path("messages");
        return sms.path("sent").asInt() + sms.path("delivered").asInt() == 2;
      });

      var resolve = node.post("/api/incidents/" + id + "/resolve", "application/json", "{\"text\":\"Fixed " + w + "\"}");
      assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(20)).until(() -> smsSent(phone, "Fixed " + w) && mailed(mail, "Fixed " + w));
      visitor.next(f -> f.path("type").asText().equals("message")
          && f.path("message").path("text").asText().equals("Fixed " + w), "the final message");
      JsonNode incident = json(node.get("/api/incidents/" + id, "Authorization", "Bearer " + OpsGateway.ADMIN_TOKEN));
      assertThat(incident.path("status").asText()).isEqualTo("resolved");
      assertThat(incident.path("updates")).hasSize(2);
      JsonNode open = json(node.get("/api/conversations?status=queued", "Authorization",
          "Bearer " + OpsGateway.ADMIN_TOKEN)).path("conversations");
      assertThat(open).isEmpty();
      assertThat(node.post("/api/incidents/" + id + "/updates", "application/json", "{\"text\":\"late\"}")
          .statusCode()).isEqualTo(409);
    }
  }
}
