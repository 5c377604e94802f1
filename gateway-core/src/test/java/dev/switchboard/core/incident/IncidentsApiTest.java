package dev.switchboard.core.incident;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.OptOutState;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incident mode over real HTTP, on a gateway with SMS, chat and e-mail adapters that record what the outbox
 * sends: bad input is refused with its reason, linked conversations wait in the incident (not the queue) and
 * get its status text instead of the auto-reply, updates reach each linked conversation once, resolving
 * sends back to the queue those whose customer wrote after the last update, and a restart keeps it all.
 */
class IncidentsApiTest {

  static final String ADMIN = "admin-token";
  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);
  static final TestChannelAdapter CHAT = new TestChannelAdapter(Channel.CHAT);
  static final TestChannelAdapter EMAIL = new TestChannelAdapter(Channel.EMAIL);
  static final MutableClock CLOCK = MutableClock.startingAt("2026-03-02T09:00:00Z");
  static final String AUTO_REPLY = "Thanks, we have your message.";

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["admin-token"] }
      routing:
        incidentMaxConversations: 3
        autoReply: { enabled: true, text: "Thanks, we have your message." }
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      agents:
        - { id: alice, name: Alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            tiers: [standard], capacity: { sms: 5 } }
      """).adapters(SMS, CHAT, EMAIL).clock(CLOCK).build();

  private static final AtomicInteger numbers = new AtomicInteger(1000);

  private static String phone() {
    return "+1555400" + numbers.incrementAndGet();
  }

  private static String word() {
    return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  private static ConversationId sms(String phone, String text) {
    return ingest(InboundMessage.builder(Channel.SMS, Identity.phone(phone), "SM" + UUID.randomUUID(),
        "+15550001111|" + phone).text(text));
  }

  private static ConversationId chat(String visitor, String text) {
    return ingest(InboundMessage.builder(Channel.CHAT, Identity.chatVisitor(visitor), UUID.randomUUID().toString(),
        visitor).text(text));
  }

  private static ConversationId email(String text) {
    String id = "<" + UUID.randomUUID() + "@mail.example.com>";
    return ingest(InboundMessage.builder(Channel.EMAIL, Identity.email("c-" + numbers.incrementAndGet() + "@example.com"),
        id, id).subject("Help").text(text));
  }

  private static ConversationId ingest(InboundMessage.Builder b) {
    CLOCK.advance(Duration.ofSeconds(1));
    return gateway.gateway().ingest().accept(b.receivedAt(CLOCK.instant()).build())
        .toCompletableFuture().orTimeout(10, SECONDS).join().conversationId();
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    CLOCK.advance(Duration.ofSeconds(1));
    return gateway.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), ADMIN);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.read(r.body());
  }

  private static List<String> queued() throws Exception {
    return json(gateway.get("/api/queue", ADMIN)).findValuesAsText("conversationId");
  }

  private static long sent(TestChannelAdapter adapter, ConversationId id, String text) {
    return adapter.sent().stream().filter(m -> m.conversation().id().equals(id) && m.message().text().equals(text))
        .count();
  }

  private static ConversationStatus status(ConversationId id) {
    return gateway.store().conversation(id).toCompletableFuture().orTimeout(10, SECONDS).join().orElseThrow().status();
  }

  private static double refused(String reason) {
    return gateway.gateway().meters().get("switchboard.incidents.refused").tag("reason", reason).counter().count();
  }

  @Test
  void badInputIsRefusedWithTheReasonAndCountedAndLinksNothing() throws Exception {
    double invalid = refused("invalid_match");
    HttpResponse<String> regex = post("/api/incidents", "{\"title\":\"x\",\"match\":{\"text\":\"(outage\"}}");
    assertThat(regex.statusCode()).isEqualTo(400);
    assertThat(json(regex).path("message").asText()).contains("not a valid regular expression");
    HttpResponse<String> empty = post("/api/incidents", "{\"title\":\"x\",\"match\":{}}");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(json(empty).path("message").asText()).contains("match is empty");
    assertThat(post("/api/incidents", "{\"title\":\"x\",\"match\":{\"text\":\" \"}}").statusCode()).isEqualTo(400);
    assertThat(post("/api/incidents", "{\"title\":\"x\",\"match\":{\"text\":\"a\",\"channels\":[\"fax\"]}}")
        .statusCode()).isEqualTo(400);
    assertThat(refused("invalid_match")).isEqualTo(invalid + 4);

    String w = word();
    List<ConversationId> four = List.of(sms(phone(), "outage " + w), sms(phone(), "outage " + w),
        chat("v-" + w, "outage " + w), email("outage " + w));
    await().atMost(10, SECONDS).until(() -> queued().containsAll(four.stream().map(ConversationId::value).toList()));
    HttpResponse<String> tooMany = post("/api/incidents", "{\"title\":\"Outage\",\"match\":{\"text\":\"" + w + "\"}}");
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(json(tooMany).path("error").asText()).isEqualTo("too_many_conversations");
    assertThat(json(tooMany).path("message").asText()).contains("finds 4 open conversations");
    assertThat(queued()).containsAll(four.stream().map(ConversationId::value).toList());
    for (ConversationId id : four) {
      assertThat(await(gateway.store().conversation(id)).orElseThrow().tags()).isEmpty();
    }
    assertThat(refused("too_many")).isGreaterThanOrEqualTo(1);
    assertThat(post("/api/incidents/nope/updates", "{\"text\":\"x\"}").statusCode()).isEqualTo(404);
    assertThat(gateway.get("/api/incidents", null).statusCode()).isEqualTo(401);
  }

  @Test
  void linkedConversationsWaitInTheIncidentGetItsUpdatesOnceAndAreResolvedWithIt() throws Exception {
    String w = word();
    String text = "Outage " + w;
    String stopped = phone();
    ConversationId first = sms(phone(), "is there an outage-" + w + "?");
    ConversationId optedOut = sms(stopped, "OUTAGE-" + w);
    await(gateway.store().optOuts().record(Channel.SMS, stopped, "+15550001111",
        new OptOutState(true, CLOCK.instant())));
    ConversationId visitor = chat("v-" + w, "chat outage-" + w);
    ConversationId other = sms(phone(), "a question about my bill " + w);
    await().atMost(10, SECONDS).until(() -> queued().containsAll(List.of(first.value(), visitor.value())));

    HttpResponse<String> created = post("/api/incidents", "{\"title\":\"" + text + "\",\"text\":\"We know about "
        + w + ".\",\"match\":{\"text\":\"(?i)outage-" + w + "\",\"channels\":[\"sms\",\"chat\"]}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).path("id").asText();
    assertThat(json(created).path("matched").asInt()).isEqualTo(3);
    String status = "We know about " + w + ".";
    await().atMost(10, SECONDS).until(() -> sent(SMS, first, status) == 1 && sent(CHAT, visitor, status) == 1);
    assertThat(sent(SMS, optedOut, status)).isZero();
    assertThat(queued()).doesNotContain(first.value(), optedOut.value(), visitor.value()).contains(other.value());

    // A new conversation that matches is linked and answered with the status text, not the auto-reply.
    ConversationId late = sms(phone(), "OUTAGE-" + w + " here too");
    await().atMost(10, SECONDS).until(() -> sent(SMS, late, status) == 1);
    assertThat(sent(SMS, late, AUTO_REPLY)).isZero();
    assertThat(queued()).doesNotContain(late.value());
    assertThat(await(gateway.store().conversation(late)).orElseThrow().tags())
        .contains("incident:" + id.toLowerCase());

    // A customer who writes something else goes back to the queue, with their history.
    sms(SMS.sent().stream().filter(m -> m.conversation().id().equals(first)).findFirst().orElseThrow()
        .conversation().threadKey().split("\\|")[1], "and my invoice is wrong");
    await().atMost(10, SECONDS).until(() -> queued().contains(first.value()));

    HttpResponse<String> update = post("/api/incidents/" + id + "/updates", "{\"text\":\"Fix at 11:00 " + w + "\"}");
    assertThat(update.statusCode()).as(update.body()).isEqualTo(202);
    assertThat(json(update).path("queued").asInt()).isEqualTo(2); // visitor and late; first left, optedOut skipped
    assertThat(json(update).path("optedOut").asInt()).isEqualTo(1);
    await().atMost(10, SECONDS).until(() -> sent(SMS, late, "Fix at 11:00 " + w) == 1
        && sent(CHAT, visitor, "Fix at 11:00 " + w) == 1);
    assertThat(sent(SMS, first, "Fix at 11:00 " + w)).isZero();

    // The visitor writes again about the outage after the update: linked still, but not resolved with it.
    chat("v-" + w, "still an outage-" + w + "?");
    JsonNode one = json(gateway.get("/api/incidents/" + id, ADMIN));
    assertThat(one.path("status").asText()).isEqualTo("open");
    assertThat(one.path("channels").path("sms").path("linked").asInt()).isEqualTo(3);
    assertThat(one.path("channels").path("sms").path("waiting").asInt()).isEqualTo(2);
    assertThat(one.path("channels").path("chat").path("waiting").asInt()).isEqualTo(1);
    assertThat(one.path("updates")).hasSize(1);
    await().atMost(10, SECONDS).until(() -> json(gateway.get("/api/incidents/" + id, ADMIN)).path("channels")
        .path("chat").path("messages").path("sent").asInt() == 2);
    assertThat(queued()).doesNotContain(visitor.value());

    HttpResponse<String> resolve = post("/api/incidents/" + id + "/resolve", "{\"text\":\"All fixed " + w + "\"}");
    assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(202);
    await().atMost(10, SECONDS).until(() -> sent(SMS, late, "All fixed " + w) == 1
        && sent(CHAT, visitor, "All fixed " + w) == 1);
    assertThat(status(late)).isEqualTo(ConversationStatus.RESOLVED);
    assertThat(status(optedOut)).isEqualTo(ConversationStatus.RESOLVED);
    await().atMost(10, SECONDS).until(() -> queued().contains(visitor.value()));
    assertThat(status(visitor)).isEqualTo(ConversationStatus.QUEUED);

    HttpResponse<String> afterwards = post("/api/incidents/" + id + "/updates", "{\"text\":\"one more\"}");
    assertThat(afterwards.statusCode()).isEqualTo(409);
    assertThat(json(afterwards).path("error").asText()).isEqualTo("incident_resolved");
    JsonNode listed = json(gateway.get("/api/incidents", ADMIN)).path("incidents");
    assertThat(listed.findValuesAsText("id")).contains(id);
    assertThat(json(gateway.get("/api/incidents?status=open", ADMIN)).path("incidents").findValuesAsText("id"))
        .doesNotContain(id);
  }

  @Test
  void aRestartKeepsTheIncidentAndTheConversationsItHolds() throws Exception {
    String w = word();
    ConversationId held = sms(phone(), "restart-outage " + w);
    HttpResponse<String> created = post("/api/incidents", "{\"title\":\"R\",\"match\":{\"text\":\"" + w + "\"}}");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).path("id").asText();
    await().atMost(10, SECONDS).until(() -> !queued().contains(held.value()));

    gateway.restart();

    assertThat(queued()).doesNotContain(held.value());
    JsonNode one = json(gateway.get("/api/incidents/" + id, ADMIN));
    assertThat(one.path("status").asText()).isEqualTo("open");
    assertThat(one.path("channels").path("sms").path("waiting").asInt()).isEqualTo(1);
    ConversationId after = sms(phone(), "after the restart " + w);
    await().atMost(10, SECONDS).until(() -> json(gateway.get("/api/incidents/" + id, ADMIN)).path("channels")
        .path("sms").path("waiting").asInt() == 2);
    assertThat(queued()).doesNotContain(after.value());
    assertThat(post("/api/incidents/" + id + "/resolve", "{\"text\":\"done\"}").statusCode()).isEqualTo(202);
  }
}
