package dev.switchboard.server.ops;

import static dev.switchboard.server.ops.JsonSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.config.LoggingConfig;
import dev.switchboard.core.http.Json;
import dev.switchboard.server.logging.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.format: json} on a real node: a chat, an SMS and a mail (by IMAP) come in and an agent
 * answers each; every line the root logger's stream appender wrote is one JSON object, and the lines written
 * for each conversation on the store's, the outbox's and the channels' own threads name it, its channel and,
 * for the agent's reply, the agent.
 */
class JsonLogsTest {

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser(OpsGateway.SUPPORT, OpsGateway.SUPPORT, "secret"));

  @TempDir
  Path dir;

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger ours = (Logger) LoggerFactory.getLogger("dev.switchboard");
  private OutputStreamAppender<ILoggingEvent> capture;

  @BeforeEach
  void captureTheRootLoggerAsText() {
    LoggerContext context = root.getLoggerContext();
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%level %logger - %msg%n");
    text.start();
    capture = new OutputStreamAppender<>();
    capture.setContext(context);
    capture.setName("json-logs-test");
    capture.setEncoder(text);
    capture.setOutputStream(captured);
    capture.start();
    root.addAppender(capture);
    ours.setLevel(Level.DEBUG); // the per-message lines are DEBUG
  }

  @AfterEach
  void restore() {
    LogFormat.apply(LoggingConfig.defaults());
    ours.setLevel(null);
    root.detachAppender(capture);
    capture.stop();
  }

  @Test
  void everyLineIsJsonAndNamesTheConversationChannelAndAgentItWasWrittenFor() throws Exception {
    String chat;
    String sms;
    String email;
    try (TwilioStandIn twilio = new TwilioStandIn();
        OpsGateway node = new OpsGateway(dir, greenMail.getImap().getPort(), greenMail.getSmtp().getPort(),
            twilio.baseUrl(), "logging: { format: json }\n")) {
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
        chat = DashboardMetricsTest.answer(alice, "chat");

        assertThat(node.sms("+15557654321", "My phone bill is wrong", "SM" + "2".repeat(32)).statusCode())
            .isEqualTo(200);
        sms = DashboardMetricsTest.answer(alice, "sms");
        await().atMost(Duration.ofSeconds(15)).until(() -> !twilio.sent().isEmpty());

        GreenMailUtil.sendTextEmail(OpsGateway.SUPPORT, "jane@example.org", "Invoice", "Where is my invoice?",
            greenMail.getSmtp().getServerSetup());
        email = DashboardMetricsTest.answer(alice, "email");
        await().atMost(Duration.ofSeconds(15))
            .until(() -> greenMail.getReceivedMessagesForDomain("example.org").length > 0);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(lines())
            .anyMatch(l -> l.path("message").asText().startsWith("Reply ") && email.equals(text(l, "conversationId"))));
      }
    }
    List<JsonNode> lines = lines();

    assertThat(lines).allSatisfy(l -> assertThat(l.fieldNames()).toIterable()
        .contains("timestamp", "level", "logger", "thread", "message"));
    // The ingest's line is written on the store's completion thread, after the group commit.
    assertThat(lines).anyMatch(l -> isIngest(l) && "chat".equals(text(l, "channel")) && chat.equals(text(l, "conversationId")));
    assertThat(lines).anyMatch(l -> isIngest(l) && "sms".equals(text(l, "channel")) && sms.equals(text(l, "conversationId")));
    assertThat(lines).anyMatch(l -> isIngest(l) && "email".equals(text(l, "channel")) && email.equals(text(l, "conversationId")));
    // The agent's reply: written by the store's threads after the desk's event loop handed it on.
    for (String id : List.of(chat, sms, email)) {
      assertThat(lines).anyMatch(l -> l.path("message").asText().startsWith("Stored OUT")
          && "alice".equals(text(l, "agentId")) && id.equals(text(l, "conversationId"))
          && l.path("thread").asText().startsWith("switchboard-store-"));
    }
    // The sends, on the SMS and SMTP channels' own executors, reached by way of the outbox's threads.
    assertThat(lines).anyMatch(l -> l.path("logger").asText().endsWith("TwilioSender")
        && sms.equals(text(l, "conversationId")) && "sms".equals(text(l, "channel")));
    assertThat(lines).anyMatch(l -> l.path("logger").asText().endsWith("SmtpSender")
        && email.equals(text(l, "conversationId")) && "email".equals(text(l, "channel"))
        && l.path("thread").asText().startsWith("switchboard-email-smtp"));
  }

  private static boolean isIngest(JsonNode line) {
    return line.path("logger").asText().endsWith("StoreIngest");
  }

  private static String text(JsonNode line, String field) {
    return line.hasNonNull(field) ? line.get(field).asText() : null;
  }

  /** The captured lines from the first JSON one on (the switch happens once the config is read). */
  private List<JsonNode> lines() {
    String all = captured.toString(StandardCharsets.UTF_8);
    return all.lines().dropWhile(l -> !l.startsWith("{")).map(JsonLogsTest::parse).toList();
  }

  private static JsonNode parse(String line) {
    try {
      return Json.read(line);
    } catch (IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
