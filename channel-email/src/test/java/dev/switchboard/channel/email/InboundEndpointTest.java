package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.StoredContent;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /email/inbound} through the gateway's real HTTP transport. */
class InboundEndpointTest {

  private static final String TOKEN = InboundServer.TOKEN;

  @TempDir
  Path dir;

  private EmailRig rig;
  private InboundServer server;

  @BeforeEach
  void setUp() throws Exception {
    rig = new EmailRig(dir, new MailLimits(64 * 1024, 100, 10));
    server = new InboundServer(rig);
  }

  @AfterEach
  void tearDown() {
    server.close();
    rig.close();
  }

  private HttpResponse<String> post(byte[] body, String contentType, String token) throws Exception {
    return server.post(body, contentType, token);
  }

  @Test
  void rawMailIsStoredAndAnsweredWith202() throws Exception {
    HttpResponse<String> r = post(Fixtures.mail("mixed-attachment-rfc2231.eml"), "message/rfc822", TOKEN);

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode body = Json.read(r.body());
    assertThat(body.get("duplicate").asBoolean()).isFalse();
    EmailRig.Stored stored = rig.stored().get(0);
    assertThat(body.get("conversationId").asText()).isEqualTo(stored.conversation().id().value());
    assertThat(body.get("messageId").asText()).isEqualTo(stored.message().id().value());
    assertThat(stored.message().attachments()).singleElement()
        .satisfies(a -> assertThat(a.filename()).isEqualTo("Verträge übersicht.pdf"));
    // The PDF is small: its bytes were written in the mail's own transaction, with no file of their own.
    try (Stream<Path> files = Files.walk(dir.resolve("attachments"))) {
      assertThat(StoredContent.read(rig.stores.blobs(), stored.message().attachments().get(0).sha256())).hasSize(25 + 256);
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void theSameMailPostedTwiceIsStoredOnce() throws Exception {
    byte[] mail = Fixtures.mail("no-message-id.eml");
    JsonNode first = Json.read(post(mail, "message/rfc822", TOKEN).body());
    HttpResponse<String> again = post(mail, "message/rfc822", TOKEN);

    assertThat(again.statusCode()).isEqualTo(202);
    JsonNode second = Json.read(again.body());
    assertThat(second.get("duplicate").asBoolean()).isTrue();
    assertThat(second.get("messageId")).isEqualTo(first.get("messageId"));
    assertThat(rig.stored()).hasSize(1);
  }

  @Test
  void theCopiesListIsWrittenWhenThereIsOneToKeepOrToReplaceAndNotForANewThreadWithoutCopies() throws Exception {
    ConversationId id = conversationOf(mail("<copies-1@customer.example>", List.of(), ""));
    barrier();
    assertThat(copiesRow(id)).as("a new thread that copies no one").isEmpty();

    assertThat(conversationOf(mail("<copies-2@customer.example>", List.of("Cc: colleague@customer.example"),
        "In-Reply-To: <copies-1@customer.example>"))).isEqualTo(id);
    barrier();
    assertThat(copiesRow(id)).contains("[\"colleague@customer.example\"]");

    assertThat(conversationOf(mail("<copies-3@customer.example>", List.of(),
        "In-Reply-To: <copies-2@customer.example>"))).isEqualTo(id);
    barrier();
    assertThat(copiesRow(id)).as("the customer's latest mail copies no one").contains("[]");
  }

  private byte[] mail(String messageId, List<String> cc, String inReplyTo) {
    List<String> headers = new java.util.ArrayList<>(List.of("From: jane@customer.example",
        "To: support@example.com", "Subject: Invoice", "Message-ID: " + messageId));
    headers.addAll(cc);
    if (!inReplyTo.isEmpty()) {
      headers.add(inReplyTo);
    }
    return GeneratedMail.withHeaders(headers, "About my invoice.");
  }

  private ConversationId conversationOf(byte[] mail) throws Exception {
    HttpResponse<String> r = post(mail, "message/rfc822", TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return new ConversationId(Json.read(r.body()).get("conversationId").asText());
  }

  /** The copies are written after the mail's commit; the single writer commits in order, so a later mail's commit follows them. */
  private void barrier() throws Exception {
    conversationOf(GeneratedMail.withHeaders(List.of("From: someone@else.example", "To: support@example.com",
        "Subject: Other", "Message-ID: <barrier-" + System.nanoTime() + "@else.example>"), "Unrelated."));
  }

  private Optional<String> copiesRow(ConversationId id) throws Exception {
    return rig.store().channelState().get(Channel.EMAIL, ReplyCopies.key(id)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void mailOverTheSizeLimitIsRefusedWith413() throws Exception {
    byte[] big = GeneratedMail.simple("big@example.org", "jane@example.org", "Big", "x".repeat(70 * 1024));

    HttpResponse<String> r = post(big, "message/rfc822", TOKEN);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Json.read(r.body()).get("error").asText()).isEqualTo("message_too_large");
    assertThat(rig.stored()).isEmpty();
  }

  @Test
  void mailOverThePartLimitOrWithoutSenderIsRefusedWith422() throws Exception {
    HttpResponse<String> parts = post(GeneratedMail.manyParts(120), "message/rfc822", TOKEN);
    HttpResponse<String> sender = post(Fixtures.mail("no-sender.eml"), "message/rfc822", TOKEN);

    assertThat(parts.statusCode()).isEqualTo(422);
    assertThat(Json.read(parts.body()).get("error").asText()).isEqualTo("too_many_parts");
    assertThat(Json.read(parts.body()).get("message").asText()).contains("100 MIME parts");
    assertThat(sender.statusCode()).isEqualTo(422);
    assertThat(Json.read(sender.body()).get("error").asText()).isEqualTo("no_sender");
    assertThat(rig.meters.counter("switchboard.email.refused", "source", "http", "reason", "too_many_parts").count())
        .isEqualTo(1);
  }

  @Test
  void requestsWithoutAValidAdminTokenOrRfc822TypeAreRefused() throws Exception {
    byte[] mail = Fixtures.mail("alternative-html.eml");

    assertThat(post(mail, "message/rfc822", null).statusCode()).isEqualTo(401);
    assertThat(post(mail, "message/rfc822", "wrong").statusCode()).isEqualTo(403);
    HttpResponse<String> wrongType = post(mail, "text/plain", TOKEN);
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(Json.read(wrongType.body()).get("error").asText()).isEqualTo("unsupported_media_type");
    assertThat(rig.stored()).isEmpty();
  }
}
