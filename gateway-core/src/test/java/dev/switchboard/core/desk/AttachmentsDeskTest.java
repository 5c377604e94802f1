package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attachments both ways over a whole gateway: agents open a customer's files over HTTP with their desk
 * token, upload files and reply with them over the desk, within the channel's limits; signed links serve
 * those who hold no token.
 */
class AttachmentsDeskTest {

  static final String ALICE = "alice-token";
  static final String BOB = "bob-token";
  static final String ADMIN = "admin-token";
  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["admin-token"] }
      channels:
        sms: { accountSid: AC1, authToken: t, maxAttachmentSize: 64KB, attachmentTypes: [image/png, application/pdf] }
        chat: { maxAttachmentSize: 128KB }
      routing:
        offerTimeout: 30s
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      agents:
        - { id: alice, name: Alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            capacity: { sms: 50 } }
        - { id: bob, name: Bob, tokenSha256: 97dd3707015dcf069cf73022ed7173b1165db6eff24b441cb57fd069a8c4e525,
            capacity: { sms: 50 } }
      """).adapters(SMS).build();

  private static final AtomicInteger numbers = new AtomicInteger(2000);
  private static final byte[] PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes();
  private static final byte[] PNG = bytes(40_000, (byte) 0x89);

  private static byte[] bytes(int n, byte first) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    b[0] = first;
    return b;
  }

  private static Blob stored(byte[] content, String name, String type) throws Exception {
    return gateway.gateway().blobs().put(new ByteArrayInputStream(content), name, type, false, 1 << 20);
  }

  /** A customer's SMS with files, accepted by alice; returns the assigned frame. */
  private static JsonNode assignedToAlice(DeskClient alice, List<Blob> files) {
    String from = "+1555100" + numbers.incrementAndGet();
    ConversationId id = gateway.gateway().ingest().accept(InboundMessage.builder(Channel.SMS, Identity.phone(from),
            "SM" + System.nanoTime(), "+15550001111|" + from).text("see attached").attachments(files)
            .receivedAt(Instant.now()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join().conversationId();
    alice.next(f -> f.path("type").asText().equals("offer") && f.path("conversationId").asText().equals(id.value()),
        "offer");
    alice.send(frame("accept").put("conversationId", id.value()));
    return alice.next(f -> f.path("type").asText().equals("assigned")
        && f.path("conversationId").asText().equals(id.value()), "assigned");
  }

  private static HttpResponse<byte[]> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return gateway.http().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<String> upload(String conversationId, String filename, String type, byte[] body,
      String token) throws Exception {
    return gateway.http().send(uploadRequest(conversationId, filename, type, token)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder uploadRequest(String conversationId, String filename, String type, String token) {
    return HttpRequest.newBuilder(gateway.uri("/api/attachments?conversationId=" + conversationId
            + "&filename=" + filename)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", type).header("Authorization", "Bearer " + token);
  }

  private static double rejected(String channel, String reason) {
    var c = gateway.gateway().meters().find("switchboard.attachments.rejected").tag("channel", channel)
        .tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void theAssigneeOpensACustomersFilesWithTheirStoredTypeAndOnlyPicturesShowInline() throws Exception {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      JsonNode assigned = assignedToAlice(alice, List.of(stored(PDF, "invoice.pdf", "application/pdf"),
          stored(PNG, "screen shot.png", "image/png")));

      JsonNode files = assigned.path("messages").get(0).path("attachments");
      assertThat(files).hasSize(2);
      JsonNode pdf = files.get(0);
      assertThat(pdf.path("filename").asText()).isEqualTo("invoice.pdf");
      assertThat(pdf.path("contentType").asText()).isEqualTo("application/pdf");
      assertThat(pdf.path("size").asLong()).isEqualTo(PDF.length);
      assertThat(pdf.path("url").asText()).isEqualTo("/api/attachments/" + pdf.path("id").asText());
      assertThat(pdf.has("sha256")).isFalse();

      HttpResponse<byte[]> doc = get(pdf.path("url").asText(), ALICE);
      assertThat(doc.statusCode()).isEqualTo(200);
      assertThat(doc.body()).isEqualTo(PDF);
      assertThat(doc.headers().firstValue("Content-Type")).contains("application/pdf");
      assertThat(doc.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(doc.headers().firstValue("Content-Disposition")).hasValueSatisfying(
          d -> assertThat(d).startsWith("attachment;").contains("filename=\"invoice.pdf\""));
      assertThat(doc.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
          p -> assertThat(p).contains("sandbox"));

      HttpResponse<byte[]> picture = get(files.get(1).path("url").asText(), ALICE);
      assertThat(picture.body()).isEqualTo(PNG);
      assertThat(picture.headers().firstValue("Content-Type")).contains("image/png");
      assertThat(picture.headers().firstValue("Content-Disposition")).hasValueSatisfying(
          d -> assertThat(d).startsWith("inline;").contains("filename*=UTF-8''screen%20shot.png"));
    }
  }

  @Test
  void anotherAgentGets403WithoutATokenIs401AndAnAdminOpensAnyConversationsFiles() throws Exception {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      JsonNode assigned = assignedToAlice(alice, List.of(stored(PDF, "invoice.pdf", "application/pdf")));
      String url = assigned.path("messages").get(0).path("attachments").get(0).path("url").asText();

      assertThat(get(url, BOB).statusCode()).isEqualTo(403);
      assertThat(get(url, null).statusCode()).isEqualTo(401);
      assertThat(get(url, "not-a-token").statusCode()).isEqualTo(403);
      assertThat(get(url, ADMIN).body()).isEqualTo(PDF);
      assertThat(get("/api/attachments/01NOSUCHATTACHMENT", ADMIN).statusCode()).isEqualTo(404);

      JsonNode viaAdminApi = Json.read(gateway.get("/api/conversations/" + assigned.path("conversationId").asText(),
          ADMIN).body());
      assertThat(viaAdminApi.path("messages").get(0).path("attachments").get(0).path("url").asText()).isEqualTo(url);
    }
  }

  @Test
  void anAgentUploadsAFileAndTheReplyCarriesItOnceToTheChannel() throws Exception {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      String conversation = assignedToAlice(alice, List.of()).path("conversationId").asText();

      HttpResponse<String> created = upload(conversation, "guide.pdf", "application/pdf", PDF, ALICE);
      assertThat(created.statusCode()).isEqualTo(201);
      JsonNode file = Json.read(created.body());
      String id = file.path("id").asText();
      assertThat(file.path("url").asText()).isEqualTo("/api/attachments/" + id);
      assertThat(upload(conversation, "guide.pdf", "application/pdf", PDF, BOB).statusCode()).isEqualTo(403);

      ObjectNode reply = frame("reply").put("conversationId", conversation).put("text", "The guide").put("clientId", "c1");
      reply.putArray("attachmentIds").add(id);
      alice.send(reply);
      alice.next("ack");

      JsonNode message = alice.next(f -> f.path("type").asText().equals("message")
          && f.path("message").path("direction").asText().equals("out"), "the reply");
      assertThat(message.path("message").path("attachments").get(0).path("id").asText()).isEqualTo(id);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SMS.sent().stream()
          .anyMatch(m -> m.message().attachments().stream().anyMatch(a -> a.id().equals(id))));
      assertThat(get(file.path("url").asText(), ALICE).body()).isEqualTo(PDF);

      ObjectNode again = frame("reply").put("conversationId", conversation).put("text", "Again").put("clientId", "c2");
      again.putArray("attachmentIds").add(id);
      alice.send(again);
      assertThat(alice.next("error").path("code").asText()).isEqualTo("attachment_already_sent");
    }
  }

  @Test
  void anotherConversationsUploadIsRefusedWithAnErrorFrameAndNothingIsSent() throws Exception {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      String mine = assignedToAlice(alice, List.of()).path("conversationId").asText();
      String other = assignedToAlice(alice, List.of()).path("conversationId").asText();
      String theirs = Json.read(upload(other, "x.pdf", "application/pdf", PDF, ALICE).body()).path("id").asText();

      ObjectNode reply = frame("reply").put("conversationId", mine).put("text", "wrong file").put("clientId", "w1");
      reply.putArray("attachmentIds").add(theirs);
      alice.send(reply);

      JsonNode error = alice.next("error");
      assertThat(error.path("code").asText()).isEqualTo("forbidden");
      assertThat(error.path("message").asText()).contains(theirs);
      assertThat(gateway.store().messages(new ConversationId(mine)).toCompletableFuture().get(10, SECONDS))
          .noneMatch(m -> m.text().equals("wrong file"));
    }
  }

  @Test
  void uploadsOverTheLimitAre413NamingItAndRefusedTypes415AndBothAreCounted() throws Exception {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      String conversation = assignedToAlice(alice, List.of()).path("conversationId").asText();
      double smsTooLarge = rejected("sms", "too_large");
      double anyTooLarge = rejected("any", "too_large");
      double smsType = rejected("sms", "type");

      HttpResponse<String> overChannel = upload(conversation, "big.png", "image/png", bytes(100_000, (byte) 1), ALICE);
      assertThat(overChannel.statusCode()).isEqualTo(413);
      assertThat(Json.read(overChannel.body()).path("message").asText())
          .contains("64 KB").contains("channels.sms.maxAttachmentSize");

      HttpResponse<String> declaredTooLarge = upload(conversation, "huge.png", "image/png", bytes(200_000, (byte) 1), ALICE);
      assertThat(declaredTooLarge.statusCode()).isEqualTo(413);
      assertThat(Json.read(declaredTooLarge.body()).path("message").asText()).contains("128 KB");

      HttpResponse<String> streamedTooLarge = gateway.http().send(uploadRequest(conversation, "s.png", "image/png", ALICE)
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes(300_000, (byte) 2))))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(streamedTooLarge.statusCode()).isEqualTo(413);
      assertThat(streamedTooLarge.request().headers().firstValue("Content-Length")).isEmpty();

      HttpResponse<String> page = upload(conversation, "page.html", "text/html", "<script>".getBytes(), ALICE);
      assertThat(page.statusCode()).isEqualTo(415);
      assertThat(Json.read(page.body()).path("message").asText()).contains("channels.sms.attachmentTypes");

      assertThat(rejected("sms", "too_large")).isEqualTo(smsTooLarge + 1);
      assertThat(rejected("any", "too_large")).isEqualTo(anyTooLarge + 2);
      assertThat(rejected("sms", "type")).isEqualTo(smsType + 1);
      assertThat(upload(conversation, "fine.png", "image/png", PNG, ALICE).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void aSignedLinkServesTheFileWithoutATokenUntilItExpiresAndAForgedOneIs403() throws Exception {
    Blob file = stored(PNG, "photo.png", "image/png");
    String from = "+1555200" + numbers.incrementAndGet();
    var r = gateway.gateway().ingest().accept(InboundMessage.builder(Channel.SMS, Identity.phone(from),
            "SM" + System.nanoTime(), "+15550001111|" + from).text("pic").attachments(List.of(file))
            .receivedAt(Instant.now()).build()).toCompletableFuture().get(10, SECONDS);
    String id = gateway.store().message(r.messageId()).toCompletableFuture().get(10, SECONDS).orElseThrow()
        .attachments().get(0).id();

    URI link = gateway.gateway().attachmentLinks().link(id, Duration.ofMinutes(5));
    String path = link.getRawPath() + "?" + link.getRawQuery();
    HttpResponse<byte[]> ok = get(path, null);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo(PNG);
    assertThat(ok.headers().firstValue("Content-Type")).contains("image/png");

    String forged = path.replaceFirst("sig=.", "sig=" + (path.contains("sig=A") ? "B" : "A"));
    assertThat(get(forged, null).statusCode()).isEqualTo(403);
    String longer = path.replaceFirst("expires=(\\d+)", "expires=9$1");
    assertThat(get(longer, null).statusCode()).isEqualTo(403);
    URI expired = gateway.gateway().attachmentLinks().link(id, Duration.ofSeconds(-1));
    HttpResponse<byte[]> gone = get(expired.getRawPath() + "?" + expired.getRawQuery(), null);
    assertThat(gone.statusCode()).isEqualTo(403);
    assertThat(new String(gone.body())).contains("link_expired");
  }
}
