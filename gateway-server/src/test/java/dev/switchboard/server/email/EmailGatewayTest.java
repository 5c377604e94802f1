package dev.switchboard.server.email;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.channel.email.EmailChannelAdapter;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.testing.GatewayExtension;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The email channel inside a whole gateway (real SQLite store, real transport) against GreenMail's real
 * IMAP and SMTP servers: a customer's mail in, the agent's reply out, the customer's answer back into
 * the same conversation, and the backlog read exactly once after the gateway was down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmailGatewayTest {

  static final String TOKEN = "email-e2e-token";
  static final int SMTP_PORT = TestMail.freePort();
  static final int IMAP_PORT = TestMail.freePort();

  @RegisterExtension
  @Order(1)
  static final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup[] {
      new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
      new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("support@example.com", "support@example.com", "secret"))
      .withPerMethodLifecycle(false);

  @RegisterExtension
  @Order(2)
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["%s"] }
      channels:
        email:
          address: support@example.com
          maxMessageSize: 1MB
          imap: { host: 127.0.0.1, port: %d, tls: false, user: support@example.com, password: secret,
                  idle: true, pollInterval: 5m }
          smtp: { host: 127.0.0.1, port: %d, tls: false }
      routing:
        tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]
        rules: [ { tier: standard } ]
      """.formatted(TOKEN, IMAP_PORT, SMTP_PORT))
      .adapters(new EmailChannelAdapter())
      .build();

  private static void sendToSupport(byte[] raw) throws Exception {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", "127.0.0.1");
    p.setProperty("mail.smtp.port", Integer.toString(SMTP_PORT));
    MimeMessage m = new MimeMessage(Session.getInstance(p), new ByteArrayInputStream(raw)) {
      @Override
      protected void updateMessageID() {
        // keep the test's Message-ID
      }
    };
    Transport.send(m, new InternetAddress[] {new InternetAddress("support@example.com")});
  }

  private static ConversationStore store() {
    return gateway.store();
  }

  private static Optional<Message> storedMail(String externalId) throws Exception {
    for (Conversation c : store().conversations(ConversationQuery.all().channel(Channel.EMAIL).limit(1000))
        .toCompletableFuture().get(10, SECONDS)) {
      for (Message m : store().messages(c.id()).toCompletableFuture().get(10, SECONDS)) {
        if (externalId.equals(m.externalId())) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> storedExternalIds() throws Exception {
    List<String> ids = new ArrayList<>();
    for (Conversation c : store().conversations(ConversationQuery.all().channel(Channel.EMAIL).limit(1000))
        .toCompletableFuture().get(10, SECONDS)) {
      for (Message m : store().messages(c.id()).toCompletableFuture().get(10, SECONDS)) {
        ids.add(m.externalId());
      }
    }
    return ids;
  }

  private static String messageId(MimeMessage m) {
    try {
      return String.valueOf(m.getMessageID());
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }

  private static ChannelAdapter emailAdapter() {
    return gateway.gateway().channels().stream().filter(a -> a.channel() == Channel.EMAIL).findFirst().orElseThrow();
  }

  @Test
  @Order(1)
  void customersMailThreadsWithTheAgentsReplyAndTheCustomersAnswer() throws Exception {
    await().atMost(Duration.ofSeconds(15)).until(() -> emailAdapter().ready());
    // A first mail warms the JVM up. The poll interval is five minutes, so a mail stored within the bound
    // below came by the IDLE push; how fast the push is belongs to gateway-bench, not to a timed test.
    sendToSupport(TestMail.mail("warm-up@customer.example", "jim@customer.example", "Hi", "warm-up"));
    await().atMost(Duration.ofSeconds(20)).until(() -> storedMail("warm-up@customer.example").isPresent());

    sendToSupport(TestMail.mail("first@customer.example", "Jane Doe <jane@customer.example>", "Where is my parcel?",
        "It has been two weeks."));
    await().atMost(Duration.ofSeconds(30)).until(() -> storedMail("first@customer.example").isPresent());
    Message first = storedMail("first@customer.example").orElseThrow();
    Conversation conversation = store().conversation(first.conversationId()).toCompletableFuture().get(10, SECONDS).orElseThrow();

    // The agent answers: the message and its outbox entry are written in one transaction, and the
    // gateway's outbox dispatcher sends it through the e-mail channel and records its Message-ID.
    Message reply = store().appendAgentMessage(conversation.id(), Direction.OUT, "alice",
        "Hello Jane,\n\nit left our warehouse today.", "e2e-1").toCompletableFuture().get(10, SECONDS);
    Message sent = await().atMost(Duration.ofSeconds(15)).until(
        () -> store().message(reply.id()).toCompletableFuture().get(10, SECONDS).orElseThrow(),
        m -> m.delivery() == DeliveryStatus.SENT || m.delivery() == DeliveryStatus.DELIVERED);
    String ourId = sent.externalId();

    // Found by its Message-ID: an auto-reply may have reached the customer too.
    MimeMessage received = Arrays.stream(greenMail.getReceivedMessages())
        .filter(m -> messageId(m).equals("<" + ourId + ">"))
        .findFirst().orElseThrow();
    assertThat(received.getMessageID()).isEqualTo("<" + ourId + ">");
    assertThat(received.getHeader("In-Reply-To", null)).isEqualTo("<first@customer.example>");
    assertThat(received.getHeader("References", null)).isEqualTo("<first@customer.example>");
    assertThat(received.getSubject()).isEqualTo("Re: Where is my parcel? [#" + conversation.ref() + "]");
    assertThat(received.getFrom()[0].toString()).isEqualTo("support@example.com");

    sendToSupport(TestMail.mail("answer@customer.example", "jane@customer.example", "Re: parcel",
        "Great, thank you!", "In-Reply-To: " + received.getMessageID() + "\r\nReferences: <first@customer.example> "
            + received.getMessageID() + "\r\n"));
    await().atMost(Duration.ofSeconds(5)).until(() -> storedMail("answer@customer.example").isPresent());
    assertThat(storedMail("answer@customer.example").orElseThrow().conversationId()).isEqualTo(conversation.id());
  }

  @Test
  @Order(2)
  void rawMailPostedWithTheAdminTokenIsStoredOnce() throws Exception {
    byte[] raw = TestMail.mail("posted@customer.example", "bob@customer.example", "Posted", "Via the webhook.");
    HttpRequest post = HttpRequest.newBuilder(gateway.uri("/email/inbound"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "message/rfc822")
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw))
        .build();

    HttpResponse<String> first = gateway.http().send(post, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> again = gateway.http().send(post, HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    JsonNode a = Json.read(first.body());
    JsonNode b = Json.read(again.body());
    assertThat(a.get("duplicate").asBoolean()).isFalse();
    assertThat(b.get("duplicate").asBoolean()).isTrue();
    assertThat(b.get("messageId")).isEqualTo(a.get("messageId"));
    assertThat(storedExternalIds()).containsOnlyOnce("posted@customer.example");
  }

  @Test
  @Order(3)
  void mailSentWhileTheGatewayWasDownIsStoredExactlyOnceAfterItRestarts() throws Exception {
    gateway.stop();
    for (int i = 0; i < 3; i++) {
      sendToSupport(TestMail.mail("offline-" + i + "@customer.example", "carol@customer.example", "Offline " + i,
          "Written while you were down."));
    }

    gateway.start();

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(storedExternalIds())
        .contains("offline-0@customer.example", "offline-1@customer.example", "offline-2@customer.example"));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
      List<String> ids = storedExternalIds();
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(ids).contains("first@customer.example", "answer@customer.example", "posted@customer.example");
    });
  }
}
