package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.StoredContent;
import dev.switchboard.config.ChatConfig;
import dev.switchboard.config.DataSize;
import dev.switchboard.core.attachments.AttachmentLinks;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The widget's paperclip over real HTTP and a real websocket: a visitor's file becomes a message of their
 * conversation with a signed link; over the chat's limits it is refused (413 naming the limit, 415) and
 * counted; without the visitor token 401; an agent's file reaches the visitor as a signed link.
 */
class VisitorUploadsTest {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final byte[] PNG = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, 300);

  @TempDir static Path dir;
  static ChatHarness gw;

  @BeforeAll
  static void start() throws Exception {
    gw = new ChatHarness(dir, new ChatConfig(List.of(ChatHarness.ALLOWED_ORIGIN), 500, DataSize.ofKilobytes(8), 30,
        Duration.ofMinutes(1), DataSize.ofKilobytes(2), null, null));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static HttpResponse<String> upload(String token, String query, String type, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(VisitorUploads.PATH + "?" + query))
        .header("Origin", ChatHarness.ALLOWED_ORIGIN).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static double rejected(String reason) {
    var c = gw.meters.find("switchboard.attachments.rejected").tag("channel", "chat").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  static void assertSignedLinkTo(String url, String attachmentId) {
    URI u = URI.create(url);
    assertThat(u.getPath()).isEqualTo("/media/" + attachmentId);
    String[] q = u.getQuery().split("&");
    assertThat(gw.links.check(attachmentId, q[0].substring("expires=".length()), q[1].substring("sig=".length())))
        .isEqualTo(AttachmentLinks.Check.VALID);
  }

  @Test
  void aVisitorsFileBecomesTheirMessageWithASignedLinkOnceForEachClientId() throws Exception {
    try (ChatClient c = gw.connect(); ChatClient otherTab = gw.connect()) {
      String token = c.hello(null, null).path("visitorToken").asText();
      otherTab.hello(token, null);
      HttpResponse<String> r = upload(token, "filename=shot.png&clientId=f1", "image/png", PNG);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(ChatHarness.ALLOWED_ORIGIN);
      JsonNode answer = Json.read(r.body());
      JsonNode file = answer.path("message").path("attachments").get(0);
      assertThat(file.path("filename").asText()).isEqualTo("shot.png");
      assertThat(file.path("contentType").asText()).isEqualTo("image/png");
      assertThat(file.path("size").asLong()).isEqualTo(PNG.length);
      assertSignedLinkTo(file.path("url").asText(), file.path("id").asText());

      JsonNode pushed = otherTab.expect("message").path("message");
      assertThat(pushed.path("id").asText()).isEqualTo(answer.path("messageId").asText());
      assertThat(pushed.path("direction").asText()).isEqualTo("in");
      assertThat(pushed.path("attachments").get(0).path("id").asText()).isEqualTo(file.path("id").asText());

      Message stored = gw.store.message(new dev.switchboard.core.model.MessageId(answer.path("messageId").asText()))
          .toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(stored.attachments()).extracting(AttachmentRef::filename).containsExactly("shot.png");
      assertThat(StoredContent.read(gw.stores.blobs(), stored.attachments().get(0).sha256())).isEqualTo(PNG);

      HttpResponse<String> again = upload(token, "filename=shot.png&clientId=f1", "image/png", PNG);
      assertThat(Json.read(again.body()).path("duplicate").asBoolean()).isTrue();
      assertThat(Json.read(again.body()).path("messageId").asText()).isEqualTo(answer.path("messageId").asText());
    }
  }

  @Test
  void filesOverTheLimitsAreRefusedAndCountedAndTheChatGoesOn() throws Exception {
    try (ChatClient c = gw.connect()) {
      String token = c.hello(null, null).path("visitorToken").asText();
      double tooLarge = rejected("too_large");
      double type = rejected("type");
      HttpResponse<String> big = upload(token, "filename=big.pdf&clientId=b1", "application/pdf", new byte[3000]);
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(big.body()).contains("2 KB", "channels.chat.maxAttachmentSize");
      HttpResponse<String> exe = upload(token, "filename=run.exe&clientId=e1", "application/x-msdownload", PNG);
      assertThat(exe.statusCode()).isEqualTo(415);
      assertThat(exe.body()).contains("channels.chat.attachmentTypes");
      assertThat(rejected("too_large")).isEqualTo(tooLarge + 1);
      assertThat(rejected("type")).isEqualTo(type + 1);

      assertThat(upload(null, "filename=a.png&clientId=n1", "image/png", PNG).statusCode()).isEqualTo(401);
      assertThat(upload("not-a-token", "filename=a.png&clientId=n2", "image/png", PNG).statusCode()).isEqualTo(401);
      assertThat(upload(token, "filename=a.png", "image/png", PNG).statusCode()).isEqualTo(400);
      assertThat(c.say("Still here?", "m1").path("duplicate").asBoolean()).isFalse();
    }
  }

  @Test
  void aPageOfAnAllowedOriginMayAskFirstAndOthersAreRefused() throws Exception {
    HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(gw.uri(VisitorUploads.PATH))
        .header("Origin", ChatHarness.ALLOWED_ORIGIN).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");
    HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(gw.uri(VisitorUploads.PATH + "?filename=a.png&clientId=x"))
        .header("Origin", "https://evil.example.net").header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(PNG)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
  }

  @Test
  void anAgentsFileReachesTheVisitorAsASignedLink() throws Exception {
    try (ChatClient c = gw.connect()) {
      c.hello(null, null);
      String conversationId = c.say("Can you send me the label?", "q1").path("conversationId").asText();
      Blob content = gw.stores.blobs().put(new ByteArrayInputStream(PNG), "label.png", "image/png", false, 10_000);
      var upload = gw.store.attachments().recordUpload(new ConversationId(conversationId), "alice", content)
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      Message reply = gw.store.appendAgentMessage(new ConversationId(conversationId), Direction.OUT, "alice",
          "Here it is.", "r1", List.of(upload.ref().id())).toCompletableFuture().get(5, TimeUnit.SECONDS);
      gw.deliver(reply);
      JsonNode m = c.expect("message").path("message");
      assertThat(m.path("text").asText()).isEqualTo("Here it is.");
      JsonNode file = m.path("attachments").get(0);
      assertThat(file.path("filename").asText()).isEqualTo("label.png");
      assertSignedLinkTo(file.path("url").asText(), upload.ref().id());
    }
  }
}
