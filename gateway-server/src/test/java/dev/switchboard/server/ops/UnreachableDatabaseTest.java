package dev.switchboard.server.ops;

import static dev.switchboard.server.ops.JsonSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.testing.TcpProxy;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster node whose PostgreSQL is reached through a TCP relay that the test cuts, as a network
 * failure would: while the store is unreachable the node says so ({@code /health/ready} 503 naming the
 * store) and acknowledges nothing (webhooks 503 so the provider retries, a chat message an {@code error}
 * {@code not_stored} and no {@code ack}); once the relay is back it leads again and takes the same
 * messages, each stored once.
 */
class UnreachableDatabaseTest {

  /**
   * How long each write and health check waits for a connection while the relay is cut: every refusal below
   * waits this long once, so the default 5 s made three of this test's 28 s. A second is still far above what
   * a pooled connection takes on a busy CI machine.
   */
  private static final Duration CUT_CONNECTION_TIMEOUT = Duration.ofSeconds(1);

  private static final Pattern HOST_PORT = Pattern.compile("^(jdbc:postgresql://)([^/:?]+)(?::(\\d+))?");

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser(OpsGateway.SUPPORT, OpsGateway.SUPPORT, "secret"));

  @TempDir
  Path dir;

  private TcpProxy relay;
  private TwilioStandIn twilio;
  private OpsGateway node;

  @BeforeEach
  void start() throws Exception {
    String url = System.getenv("SWITCHBOARD_TEST_POSTGRES_URL");
    assumeTrue(url != null && !url.isBlank(), "needs PostgreSQL: set SWITCHBOARD_TEST_POSTGRES_URL");
    Matcher m = HOST_PORT.matcher(url);
    assertThat(m.find()).as("a jdbc:postgresql://host[:port]/ URL: %s", url).isTrue();
    relay = TcpProxy.to(m.group(3) == null ? 5432 : Integer.parseInt(m.group(3)));
    twilio = new TwilioStandIn();
    node = new OpsGateway(dir, greenMail.getImap().getPort(), greenMail.getSmtp().getPort(), twilio.baseUrl(), "",
        u -> HOST_PORT.matcher(u).replaceFirst("$1127.0.0.1:" + relay.port()), CUT_CONNECTION_TIMEOUT);
    await().atMost(Duration.ofSeconds(20)).until(() -> "here".equals(ready().path("router").asText()));
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (twilio != null) {
      twilio.close();
    }
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void nothingIsAcknowledgedWhileTheStoreIsUnreachableAndEverythingIsTakenOnceItIsBack() throws Exception {
    try (JsonSocket visitor = JsonSocket.open(node.ws("/chat/ws"), OpsGateway.ORIGIN)) {
      visitor.send(frame("hello").put("name", "Dora"));
      visitor.next("welcome");
      visitor.send(frame("message").put("text", "Before the cut").put("clientId", "c1"));
      visitor.next("ack");

      relay.cut(true);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        HttpResponse<String> r = node.get("/health/ready");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(Json.read(r.body()).path("checks").path("store").asText()).isEqualTo("down");
      });
      assertThat(node.sms("+15550002222", "Are you down?", "SM" + "d".repeat(32)).statusCode()).isEqualTo(503);
      assertThat(node.post("/email/inbound", "message/rfc822", mail()).statusCode()).isEqualTo(503);
      visitor.send(frame("message").put("text", "During the cut").put("clientId", "c2"));
      JsonNode answer = visitor.next(f -> List.of("ack", "error").contains(f.path("type").asText()), "ack or error");
      assertThat(answer.path("type").asText()).isEqualTo("error");
      assertThat(answer.path("code").asText()).isEqualTo("not_stored");

      // The relay left the database's side of each cut connection open; a transaction the node had begun
      // holds its locks there until PostgreSQL notices (TCP keepalive, hours by default). Close them, as
      // that would in the end, so the node's writes after the outage do not wait on its own dead session.
      relay.closeServerSide();
      relay.cut(false);
      await().atMost(Duration.ofSeconds(30)).until(() -> node.get("/health/ready").statusCode() == 200
          && "here".equals(ready().path("router").asText()));
      // What was refused is sent again, as Twilio, the mail provider and the widget do: each stored once.
      assertThat(node.sms("+15550002222", "Are you down?", "SM" + "d".repeat(32)).statusCode()).isEqualTo(200);
      HttpResponse<String> posted = node.post("/email/inbound", "message/rfc822", mail());
      assertThat(posted.statusCode()).isEqualTo(202);
      assertThat(Json.read(posted.body()).path("duplicate").asBoolean()).isFalse();
      visitor.send(frame("message").put("text", "During the cut").put("clientId", "c2"));
      String conversation = visitor.next("ack").path("conversationId").asText();
      assertThat(node.sms("+15550002222", "Are you down?", "SM" + "d".repeat(32)).statusCode()).isEqualTo(200);
      JsonNode texts = conversationOf("sms");
      assertThat(texts.path("messages")).extracting(mm -> mm.path("text").asText()).containsExactly("Are you down?");
      JsonNode chat = Json.read(node.get("/api/conversations/" + conversation, "Authorization",
          "Bearer " + OpsGateway.ADMIN_TOKEN).body());
      assertThat(chat.path("messages")).extracting(mm -> mm.path("text").asText())
          .containsExactly("Before the cut", "During the cut");
    }
  }

  private JsonNode ready() throws Exception {
    return Json.read(node.get("/health/ready").body());
  }

  private JsonNode conversationOf(String channel) throws Exception {
    JsonNode list = Json.read(node.get("/api/conversations", "Authorization", "Bearer " + OpsGateway.ADMIN_TOKEN).body());
    for (JsonNode c : list.path("conversations")) {
      if (channel.equals(c.path("channel").asText())) {
        return Json.read(node.get("/api/conversations/" + c.path("id").asText(), "Authorization",
            "Bearer " + OpsGateway.ADMIN_TOKEN).body());
      }
    }
    throw new AssertionError("no " + channel + " conversation in " + list);
  }

  private static String mail() {
    return "From: ops@example.org\r\nTo: " + OpsGateway.SUPPORT + "\r\nSubject: Down?\r\nMessage-ID: "
        + "<cut-1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIs it down?\r\n";
  }
}
