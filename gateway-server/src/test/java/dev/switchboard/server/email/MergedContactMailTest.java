package dev.switchboard.server.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.channel.email.EmailChannelAdapter;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A contact with several addresses after a merge, over real SMTP (GreenMail) and {@code /email/inbound}:
 * a reply leaves to the address its own conversation came from, and a chat visitor's claimed address is
 * proved by a human's mail from that address answering our proof mail (and by nothing weaker).
 */
class MergedContactMailTest {

  static final String TOKEN = "merged-mail-token";
  static final int SMTP_PORT = TestMail.freePort();

  @RegisterExtension
  @Order(1)
  static final GreenMailExtension smtp = new GreenMailExtension(
      new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

  @RegisterExtension
  @Order(2)
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      server: { publicUrl: "http://support.example.test" }
      admin: { tokens: ["%s"] }
      channels:
        email:
          address: support@example.com
          smtp: { host: 127.0.0.1, port: %d, tls: false }
      routing:
        tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]
        rules: [ { tier: standard } ]
        autoReply: { enabled: false }
      """.formatted(TOKEN, SMTP_PORT))
      .adapters(new EmailChannelAdapter())
      .build();

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
  }

  /** Posts a mail to /email/inbound and returns its conversation. */
  private static ConversationId mailIn(String messageId, String from, String subject, String text, String extra)
      throws Exception {
    HttpResponse<String> r = gateway.post("/email/inbound", "message/rfc822",
        TestMail.mail(messageId, from, subject, text, extra), TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return new ConversationId(Json.read(r.body()).path("conversationId").asText());
  }

  private static ContactId contactOf(String address) throws Exception {
    return await(gateway.store().contacts().byIdentity(Identity.email(address))).orElseThrow().id();
  }

  private static JsonNode contact(ContactId id) throws Exception {
    return Json.read(gateway.get("/api/contacts/" + id, TOKEN).body());
  }

  private static List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getRecipients(RecipientType.TO)).anyMatch(a -> a.toString().contains(address));
      } catch (jakarta.mail.MessagingException e) {
        return false;
      }
    }).toList();
  }

  private static void reply(ConversationId conversation, String text) throws Exception {
    await(gateway.store().appendAgentMessage(conversation, Direction.OUT, "alice", text, UUID.randomUUID().toString()));
  }

  private static double counted(String result) {
    var c = gateway.gateway().meters().find("switchboard.contacts.email_proofs").tag("result", result).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aReplyLeavesToTheAddressItsOwnConversationCameFromAfterAMerge() throws Exception {
    String first = unique("first");
    String second = unique("second");
    ConversationId x = mailIn(UUID.randomUUID() + "@customer.example", first, "Invoice", "Where is it?", "");
    ConversationId y = mailIn(UUID.randomUUID() + "@customer.example", second, "Parcel", "Not here yet", "");
    ContactId kept = contactOf(first);
    HttpResponse<String> merged = gateway.post("/api/contacts/" + kept + "/merge", "application/json",
        ("{\"from\":\"" + contactOf(second) + "\"}").getBytes(StandardCharsets.UTF_8), TOKEN);
    assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
    assertThat(contact(kept).path("contact").path("identities").findValuesAsText("value")).contains(first, second);

    reply(y, "Your parcel left today.");
    reply(x, "The invoice is attached.");

    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(second).size() == 1 && mailsTo(first).size() == 1);
    assertThat(GreenMailUtil.getBody(mailsTo(second).get(0))).contains("Your parcel left today.");
    assertThat(GreenMailUtil.getBody(mailsTo(first).get(0))).contains("The invoice is attached.");

    // A proactive message to the second address, after the merge, goes there too.
    HttpResponse<String> started = gateway.post("/api/conversations", "application/json",
        ("{\"channel\":\"email\",\"to\":\"" + second + "\",\"subject\":\"Survey\",\"text\":\"How did we do?\"}")
            .getBytes(StandardCharsets.UTF_8), TOKEN);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(second).size() == 2);
    assertThat(mailsTo(first)).hasSize(1);
  }

  @Test
  void aHumansMailFromTheClaimedAddressAnsweringTheProofMailLinksTheClaim() throws Exception {
    String address = unique("owner");
    mailIn(UUID.randomUUID() + "@customer.example", address, "My order", "It is late", "");
    ContactId owner = contactOf(address);
    String visitor = "v-" + UUID.randomUUID();
    ConversationId chat = await(gateway.gateway().ingest().accept(InboundMessage.builder(Channel.CHAT,
        Identity.chatVisitor(visitor), visitor + ":1", visitor).text("Hi, it is me").receivedAt(Instant.now())
        .build())).conversationId();
    ContactId claimant = await(gateway.store().contacts().byIdentity(Identity.chatVisitor(visitor))).orElseThrow().id();

    gateway.events().publish(new GatewayEvent.EmailClaimed(claimant, address));
    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(address).size() == 1);
    MimeMessage proofMail = mailsTo(address).get(0);
    String proofId = proofMail.getMessageID();
    String subject = proofMail.getSubject();
    String answer = "In-Reply-To: " + proofId + "\r\nReferences: " + proofId + "\r\n";

    // Nothing weaker links: a stranger's answer, the owner's auto-responder, the owner naming only the subject.
    mailIn(UUID.randomUUID() + "@x.example", unique("stranger"), "Re: " + subject, "yes, mine", answer);
    mailIn(UUID.randomUUID() + "@customer.example", address, "Out of office: " + subject, "Away until Monday",
        answer + "Auto-Submitted: auto-replied\r\n");
    mailIn(UUID.randomUUID() + "@customer.example", address, "Re: " + subject, "yes, mine", "");
    assertThat(contact(claimant).path("mergedInto").isNull()).isTrue();
    assertThat(contact(claimant).path("conversations").findValuesAsText("id")).containsExactly(chat.value());
    assertThat(contact(owner).path("contact").path("identities").findValuesAsText("kind")).containsOnly("email");

    double answered = counted("answered");
    mailIn(UUID.randomUUID() + "@customer.example", address, "Re: " + subject, "Yes, that was me.", answer);

    assertThat(contact(claimant).path("mergedInto").asText()).isEqualTo(owner.value());
    JsonNode merged = contact(owner);
    assertThat(merged.path("contact").path("identities").findValuesAsText("value")).contains(address, visitor);
    assertThat(merged.path("merges").get(0).path("mergedBy").asText()).startsWith("proof:");
    assertThat(merged.path("conversations").findValuesAsText("id")).contains(chat.value());
    await().atMost(Duration.ofSeconds(10)).until(() -> counted("answered") == answered + 1);
    // The link of the same proof is spent.
    String token = GreenMailUtil.getBody(proofMail).replace("=\r\n", "").replaceAll("(?s).*?/chat/verify/([A-Za-z0-9_-]{43}).*", "$1");
    assertThat(gateway.post("/chat/verify/" + token, "application/x-www-form-urlencoded", new byte[0], null)
        .statusCode()).isEqualTo(410);
  }
}
