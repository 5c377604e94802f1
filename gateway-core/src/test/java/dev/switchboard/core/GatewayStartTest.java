package dev.switchboard.core;

import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.routing.QueueView;
import dev.switchboard.core.testing.PostgresSchema;
import dev.switchboard.core.testing.TestStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single node's start with a queue to rebuild: the port is bound while the router still reads the store,
 * {@code /health/ready} and the routing routes answer 503 until it holds the whole queue, and a customer's
 * message arriving meanwhile is queued once. The rebuild is held for real: a second PostgreSQL session holds
 * the {@code conversations} table locked, so the router's read of the open conversations waits for it.
 */
class GatewayStartTest {

  @RegisterExtension static final PostgresSchema db = new PostgresSchema();

  private static final String TOKEN = "start-test-token";
  private static final String YAML = """
      server: { port: 0, host: 127.0.0.1 }
      storage: { postgres: { url: "%s", poolSize: 3 }, attachments: %s }
      admin: { tokens: ["%s"] }
      routing:
        tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]
      """;

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void thePortAnswersNotReadyWhileTheQueueIsRebuiltAndAnArrivalMeanwhileIsQueuedOnce() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, YAML.formatted(db.storage(dir).postgres().url(), dir.resolve("attachments"), TOKEN));
    List<ConversationId> waiting = new ArrayList<>();
    try (Gateway first = Gateway.builder(ConfigLoader.load(file)).adapters(List.of()).build().start()) {
      for (int i = 0; i < 3; i++) {
        waiting.add(await(first.ingest().accept(sms("+1555000100" + i))).conversationId());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> await(first.router().queue()).size() == 3);
    }

    CompletableFuture<Gateway> started = new CompletableFuture<>();
    CompletionStage<IngestResult> arrival;
    CompletionStage<IngestResult> followUp;
    try (Connection lock = DriverManager.getConnection(db.storage(dir).postgres().url())) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE conversations IN ACCESS EXCLUSIVE MODE");
      }
      gateway = Gateway.builder(ConfigLoader.load(file)).adapters(List.of()).build();
      Thread starting = new Thread(() -> {
        try {
          started.complete(gateway.start());
        } catch (Throwable e) {
          started.completeExceptionally(e);
        }
      }, "gateway-start");
      starting.start();

      // The port answers while the router's read waits for the lock.
      await().atMost(Duration.ofSeconds(30)).until(gateway::listening);
      HttpResponse<String> ready = get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      JsonNode readyBody = json.readTree(ready.body());
      assertThat(readyBody.path("router").asText()).isEqualTo("starting");
      assertThat(readyBody.path("checks").path("router").asText()).isEqualTo("down");
      HttpResponse<String> queue = get("/api/queue?limit=0");
      assertThat(queue.statusCode()).isEqualTo(503);
      assertThat(json.readTree(queue.body()).path("error").asText()).isEqualTo("not_leader");
      assertThat(started).isNotDone();
      assertThat(gateway.router()).isNull();

      // A new customer, and one more message of a waiting conversation, while the queue is rebuilt.
      arrival = gateway.ingest().accept(sms("+15550002000"));
      followUp = gateway.ingest().accept(sms("+15550001000"));
    } // closed without a commit: the lock is released, the router's read and the two writes go on

    await(started);
    ConversationId arrived = await(arrival).conversationId();
    assertThat(await(followUp).conversationId()).isEqualTo(waiting.get(0));
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json.readTree(ready.body()).path("router").asText()).isEqualTo("here");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<ConversationId> queued = await(gateway.router().queue()).stream().map(QueueView.Entry::conversationId)
          .toList();
      assertThat(queued).containsExactlyInAnyOrder(waiting.get(0), waiting.get(1), waiting.get(2), arrived);
    });
    assertThat(json.readTree(get("/api/queue?limit=0").body()).path("total").asInt()).isEqualTo(4);
  }

  private static InboundMessage sms(String from) {
    return InboundMessage.builder(Channel.SMS, Identity.phone(from), "SM" + UUID.randomUUID(), "+15550001111|" + from)
        .text("Hello from " + from).receivedAt(Instant.now()).build();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
