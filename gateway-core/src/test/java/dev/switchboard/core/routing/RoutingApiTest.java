package dev.switchboard.core.routing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The routing admin API and live reload against a whole gateway. */
class RoutingApiTest {

  static final String ADMIN = "admin-token";
  static final TestChannelAdapter EMAIL = new TestChannelAdapter(Channel.EMAIL);

  static final String YAML = """
      admin: { tokens: ["admin-token"] }
      routing:
        strategy: strict-priority
        tiers:
          - { name: vip, firstResponse: 2m, nextResponse: 5m }
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      agents:
        - { id: alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            capacity: { email: 5 } }
      """;

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml(YAML).adapters(EMAIL).build();

  private static HttpResponse<String> post(String path, String json, String token) throws Exception {
    return gateway.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), token);
  }

  @Test
  void everyEndpointRequiresTheAdminToken() throws Exception {
    assertThat(gateway.get("/api/queue", null).statusCode()).isEqualTo(401);
    assertThat(gateway.get("/api/agents", "wrong").statusCode()).isEqualTo(403);
    assertThat(post("/api/conversations", "{}", null).statusCode()).isEqualTo(401);
    assertThat(post("/api/config/reload", "", null).statusCode()).isEqualTo(401);
  }

  @Test
  void queueListsWaitingConversationsByTierWithDeadlines() throws Exception {
    HttpResponse<String> r = post("/api/conversations",
        "{\"channel\":\"email\",\"to\":\"queue-test@example.com\",\"text\":\"Your invoice\"}", ADMIN);
    assertThat(r.statusCode()).isEqualTo(201);
    String id = Json.read(r.body()).path("conversation").path("id").asText();

    JsonNode queue = Json.read(gateway.get("/api/queue", ADMIN).body());

    assertThat(queue.path("strategy").asText()).isEqualTo("strict-priority");
    assertThat(queue.path("tiers")).extracting(t -> t.path("tier").asText()).containsExactly("vip", "standard");
    JsonNode standard = queue.path("tiers").get(1).path("waiting");
    assertThat(standard.findValuesAsText("conversationId")).contains(id);
    assertThat(standard.get(0).path("deadline").asText()).isNotBlank();
  }

  @Test
  void aLimitListsOnlyTheHeadOfTheQueueAndStillCountsAll() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = post("/api/conversations",
          "{\"channel\":\"email\",\"to\":\"head-" + i + "@example.com\",\"text\":\"Your invoice\"}", ADMIN);
      assertThat(r.statusCode()).isEqualTo(201);
    }
    JsonNode all = Json.read(gateway.get("/api/queue", ADMIN).body());
    List<String> inOrder = new ArrayList<>();
    all.path("tiers").forEach(t -> inOrder.addAll(t.path("waiting").findValuesAsText("conversationId")));
    assertThat(inOrder).hasSizeGreaterThanOrEqualTo(3).hasSize(all.path("total").asInt());

    JsonNode head = Json.read(gateway.get("/api/queue?limit=2", ADMIN).body());
    assertThat(head.path("total").asInt()).isEqualTo(all.path("total").asInt());
    List<String> listed = new ArrayList<>();
    head.path("tiers").forEach(t -> listed.addAll(t.path("waiting").findValuesAsText("conversationId")));
    assertThat(listed).containsExactlyElementsOf(inOrder.subList(0, 2));

    JsonNode none = Json.read(gateway.get("/api/queue?limit=0", ADMIN).body());
    assertThat(none.path("total").asInt()).isEqualTo(all.path("total").asInt());
    assertThat(none.path("tiers")).extracting(t -> t.path("tier").asText()).containsExactly("vip", "standard");
    assertThat(none.path("tiers")).allSatisfy(t -> assertThat(t.path("waiting")).isEmpty());

    for (String bad : List.of("-1", "two", "")) {
      HttpResponse<String> r = gateway.get("/api/queue?limit=" + bad, ADMIN);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(Json.read(r.body()).path("error").asText()).isEqualTo("invalid_parameter");
    }
  }

  @Test
  void startsAProactiveConversationWithAnAgentAndSendsTheFirstMessageThroughTheOutbox() throws Exception {
    HttpResponse<String> r = post("/api/conversations",
        "{\"channel\":\"email\",\"to\":\"Ada@Example.com\",\"text\":\"Your order shipped\",\"agent\":\"alice\","
            + "\"subject\":\"Shipping\"}", ADMIN);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode body = Json.read(r.body());
    assertThat(body.path("conversation").path("assignee").asText()).isEqualTo("alice");
    await().untilAsserted(() -> assertThat(EMAIL.sent()).anySatisfy(m -> {
      assertThat(m.to().value()).isEqualTo("ada@example.com");
      assertThat(m.message().text()).isEqualTo("Your order shipped");
      assertThat(m.conversation().subject()).isEqualTo("Shipping");
    }));
    JsonNode agents = Json.read(gateway.get("/api/agents", ADMIN).body());
    assertThat(agents.path("agents").get(0).path("conversations").toString())
        .contains(body.path("conversation").path("id").asText());
  }

  @Test
  void badRequestsAreRefusedWithAClearError() throws Exception {
    HttpResponse<String> r = post("/api/conversations", "{\"channel\":\"fax\",\"to\":\"x\",\"text\":\"y\"}", ADMIN);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.read(r.body()).path("error").asText()).isEqualTo("bad_channel");
    r = post("/api/conversations", "{\"channel\":\"sms\",\"to\":\"555\",\"text\":\"y\"}", ADMIN);
    assertThat(Json.read(r.body()).path("error").asText()).isEqualTo("bad_address");
    r = post("/api/conversations", "not json", ADMIN);
    assertThat(Json.read(r.body()).path("error").asText()).isEqualTo("bad_json");
  }

  @Test
  void reloadRefusesAnInvalidFileAndAppliesAValidOneWithoutDroppingDesks() throws Exception {
    List<String> frames = new CopyOnWriteArrayList<>();
    WebSocket desk = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(gateway.wsUri("/agent/ws"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            frames.add(data.toString());
            w.request(1);
            return null;
          }
        }).orTimeout(10, SECONDS).join();
    desk.sendText("{\"type\":\"auth\",\"token\":\"alice-token\"}", true).orTimeout(10, SECONDS).join();
    await().until(() -> frames.stream().anyMatch(f -> f.contains("\"ready\"")));

    Files.writeString(gateway.dir().resolve("gateway.yaml"), YAML.replace("firstResponse: 2m", "firstResponse: soon"));
    HttpResponse<String> refused = post("/api/config/reload", "", ADMIN);
    assertThat(refused.statusCode()).isEqualTo(422);
    JsonNode problems = Json.read(refused.body());
    assertThat(problems.path("error").asText()).isEqualTo("invalid_config");
    assertThat(problems.path("problems").toString()).contains("firstResponse");

    Files.writeString(gateway.dir().resolve("gateway.yaml"), YAML + """
          - { id: carol, tokenSha256: 878579868262a9cbd0a68c6a6cbf19440553fc5a78beb3dc173a3a0f0794ba11,
              capacity: { email: 2 } }
        """);
    HttpResponse<String> applied = post("/api/config/reload", "", ADMIN);
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    assertThat(Json.read(gateway.get("/api/agents", ADMIN).body()).path("agents").findValuesAsText("id"))
        .containsExactlyInAnyOrder("alice", "carol");

    // the desk opened before the reload still works
    desk.sendText("{\"type\":\"dance\"}", true).orTimeout(10, SECONDS).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(f -> f.contains("unknown_type")));
    desk.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, SECONDS).join();
  }
}
