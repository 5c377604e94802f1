package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.Gateway;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server as {@code switchboard run} starts it: real config file, SQLite file, every channel jar. */
class GatewayEndToEndTest {

  static final String TOKEN = "e2e-admin-token";
  static final String YAML = """
      server: { port: 0, host: 127.0.0.1, maxBodySize: 64KB }
      storage: { sqlite: data/e2e.db, attachments: data/attachments }
      admin: { tokens: ["${E2E_TOKEN:-e2e-admin-token}"] }
      routing:
        tiers:
          - { name: vip, firstResponse: 2m, nextResponse: 5m }
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      """;

  @TempDir Path dir;
  Path configFile;
  Gateway gateway;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    configFile = dir.resolve("gateway.yaml");
    Files.writeString(configFile, YAML);
    gateway = Main.start(configFile);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), BodyHandlers.ofString());
  }

  @Test
  void liveAndReadyAnswer200WithTheStoreUp() throws Exception {
    var live = get("/health/live", null);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(Json.read(live.body()).path("status").asText()).isEqualTo("up");
    var ready = get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = Json.read(ready.body());
    assertThat(body.path("status").asText()).isEqualTo("ready");
    assertThat(body.path("checks").path("store").asText()).isEqualTo("up");
  }

  @Test
  void metricsArePrometheusTextWithGatewayJvmAndNettyFigures() throws Exception {
    get("/health/live", null);
    get("/nowhere", null);
    var r = get("/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.body())
        .contains("switchboard_http_requests_seconds_count{")
        .contains("switchboard_http_errors_total{code=\"not_found\",status=\"404\"}")
        .contains("switchboard_store_commit_latency_seconds")
        .contains("jvm_memory_used_bytes")
        .contains("netty_allocator_memory_used");
  }

  @Test
  void agentConsolePageIsServed() throws Exception {
    var page = get("/agent/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/agent/main.js\">");
    var main = get("/agent/main.js", null);
    assertThat(main.statusCode()).isEqualTo(200);
    assertThat(main.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(get("/agent/console.css", null).statusCode()).isEqualTo(200);
  }

  @Test
  void adminApiNeedsTheToken() throws Exception {
    var none = get("/api/conversations", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(Json.read(none.body()).path("error").asText()).isEqualTo("unauthorized");
    var wrong = get("/api/conversations", "not-the-token");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(Json.read(wrong.body()).path("error").asText()).isEqualTo("forbidden");
    var ok = get("/api/conversations", TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Json.read(ok.body()).path("conversations").isArray()).isTrue();
  }

  @Test
  void conversationIsListedAndShownWithMessagesAndContact() throws Exception {
    IngestResult stored = ingest("m-1@example.com", "jane@example.com", "My invoice is wrong");
    var list = Json.read(get("/api/conversations?status=queued", TOKEN).body());
    assertThat(list.path("conversations")).anySatisfy(c ->
        assertThat(c.path("id").asText()).isEqualTo(stored.conversationId().value()));
    JsonNode one = Json.read(get("/api/conversations/" + stored.conversationId().value(), TOKEN).body());
    assertThat(one.path("conversation").path("channel").asText()).isEqualTo("email");
    assertThat(one.path("messages").get(0).path("text").asText()).isEqualTo("My invoice is wrong");
    assertThat(one.path("messages").get(0).path("direction").asText()).isEqualTo("in");
    assertThat(one.path("contact").path("identities").get(0).path("value").asText()).isEqualTo("jane@example.com");
  }

  @Test
  void theConversationListIsNarrowedByTheQueryParameters() throws Exception {
    ingest("m-a@example.com", "ann@example.com", "First");
    IngestResult newest = ingest("m-b@example.com", "bo@example.com", "Second");
    JsonNode one = Json.read(get("/api/conversations?channel=email&status=queued&tier=&limit=1", TOKEN).body());
    assertThat(one.path("conversations")).hasSize(1);
    assertThat(one.path("conversations").get(0).path("id").asText()).isEqualTo(newest.conversationId().value());
    assertThat(Json.read(get("/api/conversations?channel=sms", TOKEN).body()).path("conversations")).isEmpty();
    assertThat(Json.read(get("/api/conversations?tag=nosuchtag", TOKEN).body()).path("conversations")).isEmpty();
    for (String limit : new String[] {"0", "1001", "ten"}) {
      var refused = get("/api/conversations?limit=" + limit, TOKEN);
      assertThat(refused.statusCode()).as("limit=%s", limit).isEqualTo(400);
      assertThat(Json.read(refused.body()).path("message").asText()).contains("limit").contains(limit);
    }
    var badChannel = get("/api/conversations?channel=fax", TOKEN);
    assertThat(badChannel.statusCode()).isEqualTo(400);
    assertThat(Json.read(badChannel.body()).path("message").asText()).contains("channel").contains("fax");
  }

  @Test
  void errorsAreJsonWithTheirStatus() throws Exception {
    var notFound = get("/api/conversations/01NOSUCHCONVERSATION00000", TOKEN);
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(Json.read(notFound.body()).path("error").asText()).isEqualTo("not_found");
    var badParam = get("/api/conversations?status=sleeping", TOKEN);
    assertThat(badParam.statusCode()).isEqualTo(400);
    assertThat(Json.read(badParam.body()).path("message").asText()).contains("status").contains("sleeping");
    var wrongMethod = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/health/live"))
        .DELETE().build(), BodyHandlers.ofString());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(Json.read(wrongMethod.body()).path("error").asText()).isEqualTo("method_not_allowed");
    var tooLarge = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/conversations"))
        .header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[65 * 1024])).build(), BodyHandlers.ofString());
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(Json.read(tooLarge.body()).path("error").asText()).isEqualTo("payload_too_large");
  }

  @Test
  void dataSurvivesAGracefulRestart() throws Exception {
    IngestResult stored = ingest("m-2@example.com", "sam@example.com", "Still there after a restart?");
    gateway.close();
    gateway = Main.start(configFile);
    var one = get("/api/conversations/" + stored.conversationId().value(), TOKEN);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).contains("Still there after a restart?");
    assertThat(Files.exists(dir.resolve("data/e2e.db"))).isTrue();
  }

  @Test
  void checkConfigSaysOkForAValidFileAndListsProblemsOtherwise() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int ok = Main.run(new String[] {"check-config", configFile.toString()}, new PrintStream(out, true), new PrintStream(err, true));
    assertThat(ok).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK");

    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "server: { prot: 8080 }\nrouting: { offerTimeout: soon }\n");
    out.reset();
    int bad = Main.run(new String[] {"check-config", broken.toString()}, new PrintStream(out, true), new PrintStream(err, true));
    assertThat(bad).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("broken.yaml:1:")
        .contains("server.prot")
        .contains("port")
        .contains("routing.offerTimeout");
  }

  IngestResult ingest(String messageId, String from, String text) throws Exception {
    InboundMessage m = InboundMessage.builder(Channel.EMAIL, Identity.email(from), messageId, messageId)
        .subject("Help").text(text).receivedAt(Instant.now()).build();
    return gateway.store().ingest(m).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
