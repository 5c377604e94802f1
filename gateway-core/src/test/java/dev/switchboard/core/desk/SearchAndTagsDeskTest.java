package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Search and tags over real websockets and HTTP: the desk's {@code search} finds what the agent may read
 * (their tiers, or everything for a supervisor) and {@code history} opens it; {@code tag} adds and removes
 * tags that every conversation carries; {@code GET /api/search} and {@code ?tag=} for admins.
 */
class SearchAndTagsDeskTest {

  static final String ALICE = "alice-token";
  static final String BOB = "bob-token";
  static final String SAM = "sam-token";
  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);

  static final String YAML = """
      admin: { tokens: ["admin-token"] }
      routing:
        offerTimeout: 1h
        tiers:
          - { name: vip, firstResponse: 2m, nextResponse: 5m }
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      agents:
        - { id: alice, name: Alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            tiers: [standard], capacity: { sms: 50 } }
        - { id: bob, name: Bob, tokenSha256: 97dd3707015dcf069cf73022ed7173b1165db6eff24b441cb57fd069a8c4e525,
            tiers: [vip], capacity: { sms: 50 } }
        - { id: sam, name: Sam, tokenSha256: 936bfb82812a7c03bf9bbdb6b435e42b2af1bf7c3770444fd2fb3e6fe74ce619,
            tiers: [vip], supervisor: true, capacity: { sms: 5 } }
      """;

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml(YAML).adapters(SMS).build();

  private static String word() {
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      w.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    }
    return w.toString();
  }

  /** An SMS, classified (standard) before it is returned, so that searches by tier see it. */
  private static ConversationId inbound(String text) {
    ConversationId id = gateway.inboundSms(text);
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.store().conversation(id).toCompletableFuture()
        .get(5, SECONDS).orElseThrow().tier() != null);
    return id;
  }

  private static JsonNode about(DeskClient c, String type, ConversationId id) {
    return c.next(f -> f.path("type").asText().equals(type)
        && (f.path("conversationId").asText().equals(id.value())
            || f.path("conversation").path("id").asText().equals(id.value())), type + " of " + id);
  }

  private static JsonNode search(DeskClient c, String q) {
    c.send(frame("search").put("q", q));
    return c.next(f -> f.path("type").asText().equals("search_results") && f.path("q").asText().equals(q.strip()),
        "search_results for " + q);
  }

  private static JsonNode tagged(DeskClient c, ConversationId id) {
    return c.next(f -> f.path("type").asText().equals("conversation_updated") && f.path("reason").asText().equals("tagged")
        && f.path("conversation").path("id").asText().equals(id.value()), "tagged " + id);
  }

  private static ObjectNode tags(ConversationId id, ArrayNode add) {
    ObjectNode f = frame("tag").put("conversationId", id.value());
    f.set("add", add);
    return f;
  }

  private static String error(DeskClient c) {
    return c.next("error").path("code").asText();
  }

  @Test
  void anAgentFindsAConversationOfTheirTierByAWordOfItsFirstMessageAndOpensIt() {
    String w = word();
    ConversationId id = inbound("My parcel " + w + " never arrived");
    try (DeskClient bob = DeskClient.signIn(gateway.wsUri("/agent/ws"), BOB);
        DeskClient sam = DeskClient.signIn(gateway.wsUri("/agent/ws"), SAM);
        DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      JsonNode found = search(alice, w);
      assertThat(found.path("results")).hasSize(1);
      JsonNode hit = found.path("results").get(0);
      assertThat(hit.path("conversationId").asText()).isEqualTo(id.value());
      assertThat(hit.path("channel").asText()).isEqualTo("sms");
      assertThat(hit.path("status").asText()).isIn("queued", "assigned");
      assertThat(hit.path("matchedIn").asText()).isEqualTo("message");
      assertThat(hit.path("snippet").asText()).isEqualTo("My parcel " + w + " never arrived");
      assertThat(hit.path("highlights").toString()).isEqualTo("[[10,20]]");
      assertThat(hit.path("conversation").path("tags").isArray()).isTrue();

      assertThat(search(bob, w).path("results")).as("bob serves vip only").isEmpty();
      assertThat(search(sam, w).path("results")).as("a supervisor finds every tier").hasSize(1);

      alice.send(frame("history").put("conversationId", id.value()));
      assertThat(about(alice, "history", id).path("messages").get(0).path("text").asText()).contains(w);
      bob.send(frame("history").put("conversationId", id.value()));
      assertThat(error(bob)).isEqualTo("forbidden");
    }
  }

  @Test
  void aBadSearchIsAnErrorFrameAndCounted() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      alice.send(frame("search").put("q", "x".repeat(201)));
      assertThat(error(alice)).isEqualTo("too_long");
      alice.send(frame("search"));
      assertThat(error(alice)).isEqualTo("bad_request");
      alice.send(frame("search").put("q", "  "));
      assertThat(error(alice)).isEqualTo("bad_request");
      alice.send(frame("search").put("q", "parcel").put("limit", 51));
      assertThat(error(alice)).isEqualTo("bad_request");
      assertThat(search(alice, "\"'); DROP TABLE messages; -- \\").path("results").isArray()).isTrue();

      assertThat(gateway.gateway().meters().counter("switchboard.search.requests", "via", "desk", "outcome",
          "bad_query").count()).isGreaterThanOrEqualTo(3);
      assertThat(gateway.gateway().meters().counter("switchboard.desk.errors", "code", "too_long").count())
          .isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void theAssigneeTagsAConversationAndEveryViewCarriesTheTags() throws Exception {
    ConversationId id;
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      id = inbound("tag me");
      about(alice, "offer", id);
      alice.send(frame("accept").put("conversationId", id.value()));
      about(alice, "assigned", id);

      alice.send(tags(id, Json.mapper().createArrayNode().add("Billing").add("urgent")));
      JsonNode tagged = tagged(alice, id);
      assertThat(tagged.path("conversation").path("tags").toString()).isEqualTo("[\"billing\",\"urgent\"]");

      alice.send(frame("tag").put("conversationId", id.value()).put("remove", "urgent"));
      assertThat(tagged(alice, id).path("conversation").path("tags").toString())
          .isEqualTo("[\"billing\"]");

      alice.send(frame("tag").put("conversationId", id.value()).put("add", "x".repeat(51)));
      assertThat(error(alice)).isEqualTo("too_long");
      alice.send(frame("tag").put("conversationId", id.value()).put("add", "no spaces"));
      assertThat(error(alice)).isEqualTo("bad_request");
      ArrayNode nineteen = Json.mapper().createArrayNode();
      IntStream.range(0, 19).forEach(i -> nineteen.add("t" + i));
      alice.send(tags(id, nineteen));
      assertThat(tagged(alice, id).path("conversation").path("tags")).hasSize(20);
      alice.send(frame("tag").put("conversationId", id.value()).put("add", "one-too-many"));
      assertThat(error(alice)).isEqualTo("too_many_tags");

      try (DeskClient bob = DeskClient.signIn(gateway.wsUri("/agent/ws"), BOB);
          DeskClient sam = DeskClient.signIn(gateway.wsUri("/agent/ws"), SAM)) {
        bob.send(frame("tag").put("conversationId", id.value()).put("add", "nope"));
        assertThat(error(bob)).isEqualTo("forbidden");
        sam.send(frame("tag").put("conversationId", id.value()).put("remove", "t0"));
        assertThat(tagged(sam, id).path("conversation").path("tags")).hasSize(19);
        assertThat(tagged(alice, id).path("conversation").path("tags")).hasSize(19);
      }
    }
    // the router's copy follows: a fresh sign-in lists the held conversation with its tags
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      JsonNode ready = alice.seen().stream().filter(f -> f.path("type").asText().equals("ready")).findFirst()
          .orElseThrow();
      assertThat(ready.path("conversations").findValues("tags").stream().map(JsonNode::toString))
          .anyMatch(t -> t.contains("\"billing\"") && !t.contains("\"t0\""));
    }
    HttpResponse<String> byTag = gateway.get("/api/conversations?tag=Billing", "admin-token");
    assertThat(byTag.statusCode()).isEqualTo(200);
    JsonNode listed = Json.mapper().readTree(byTag.body()).path("conversations");
    assertThat(listed.findValuesAsText("id")).contains(id.value());
    assertThat(gateway.get("/api/conversations?tag=" + URLEncoder.encode("no spaces", StandardCharsets.UTF_8),
        "admin-token").statusCode()).isEqualTo(400);
  }

  @Test
  void adminsSearchOverHttp() throws Exception {
    String w = word();
    ConversationId id = inbound("Refund " + w + " please");

    HttpResponse<String> ok = gateway.get("/api/search?q=" + w, "admin-token");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(ok.body());
    assertThat(body.path("results").findValuesAsText("conversationId")).containsExactly(id.value());
    assertThat(body.path("results").get(0).path("snippet").asText()).contains(w);

    assertThat(gateway.get("/api/search?q=" + "x".repeat(201), "admin-token").statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(gateway.get("/api/search?q=" + "x".repeat(201), "admin-token").body())
        .path("error").asText()).isEqualTo("query_too_long");
    assertThat(gateway.get("/api/search", "admin-token").statusCode()).isEqualTo(400);
    assertThat(gateway.get("/api/search?q=" + w + "&limit=0", "admin-token").statusCode()).isEqualTo(400);
    assertThat(gateway.get("/api/search?q=" + w, null).statusCode()).isEqualTo(401);
    assertThat(gateway.get("/api/search?q=" + URLEncoder.encode("\"' OR 1=1; --\\", StandardCharsets.UTF_8),
        "admin-token").statusCode()).isEqualTo(200);
    assertThat(gateway.gateway().meters().timer("switchboard.search.latency", "via", "api").count())
        .isGreaterThanOrEqualTo(2);
  }
}
