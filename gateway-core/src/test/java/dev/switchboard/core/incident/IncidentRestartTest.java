package dev.switchboard.core.incident;

import static dev.switchboard.core.testing.Futures.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IncidentUpdate;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Incidents;
import dev.switchboard.core.store.OptOutState;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An update a stop cut off after its first chunk is finished by the next start (the term's
 * {@code finishCutOffUpdates}): every linked conversation's customer gets it exactly once at the channel,
 * the opted-out ones never, and the update counts each message once.
 */
class IncidentRestartTest {

  static final String ADMIN = "admin-token";
  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);
  static final TestChannelAdapter CHAT = new TestChannelAdapter(Channel.CHAT);

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["admin-token"] }
      routing:
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      """).adapters(SMS, CHAT).build();

  @Test
  void anUpdateCutOffAfterItsFirstChunkIsFinishedByTheNextStartOnceForEachConversation() throws Exception {
    String w = "cut" + UUID.randomUUID().toString().substring(0, 8);
    int chats = Incidents.CHUNK + 60;
    Set<ConversationId> optedOut = new HashSet<>();
    for (int i = 0; i < chats; i++) {
      String visitor = "v-" + w + "-" + i;
      ingest(InboundMessage.builder(Channel.CHAT, Identity.chatVisitor(visitor), UUID.randomUUID().toString(), visitor).text("the app is down " + w));
    }
    for (int i = 0; i < 40; i++) {
      String phone = String.format("+1555%07d", 2_000_000 + i);
      ConversationId id = ingest(InboundMessage.builder(Channel.SMS, Identity.phone(phone), "SM" + UUID.randomUUID(),
          "+15550001111|" + phone).text("the app is down " + w));
      if (i < 10) {
        await(gateway.store().optOuts().record(Channel.SMS, phone, "+15550001111", new OptOutState(true, Instant.now())));
        optedOut.add(id);
      }
    }
    int reached = chats + 40 - optedOut.size();
    HttpResponse<String> created = gateway.post("/api/incidents", "application/json",
        ("{\"title\":\"Cut\",\"text\":\"status " + w + "\",\"match\":{\"text\":\"" + w + "\"}}")
            .getBytes(StandardCharsets.UTF_8), ADMIN);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String incidentId = Json.read(created.body()).path("id").asText();
    awaitSent("status " + w, reached);

    // The leader stores the update and its first chunk, then stops before the rest.
    ConversationStore store = gateway.store();
    IncidentUpdate update = IncidentUpdate.post(incidentId, "update " + w, false, "admin", Instant.now());
    await(store.incidents().post(update));
    List<ConversationId> linked = await(store.incidents().linked(incidentId));
    assertThat(linked).hasSize(chats + 40);
    int first = await(store.incidents().deliver(update, linked.subList(0, Incidents.CHUNK), false)).sent().size();
    awaitSent("update " + w, first);
    Awaitility.await().atMost(30, SECONDS).until(() -> allSent(store, incidentId));
    gateway.restart();

    awaitSent("update " + w, reached);
    Map<ConversationId, Long> perConversation = sends("update " + w).stream()
        .collect(Collectors.groupingBy(m -> m.conversation().id(), Collectors.counting()));
    assertThat(perConversation).hasSize(reached).doesNotContainKeys(optedOut.toArray(ConversationId[]::new));
    assertThat(perConversation.values()).containsOnly(1L);
    Awaitility.await().atMost(30, SECONDS).until(() -> allSent(gateway.store(), incidentId));
    JsonNode shown = Json.read(gateway.get("/api/incidents/" + incidentId, ADMIN).body());
    assertThat(shown.path("updates").get(0).path("queued").asInt()).isEqualTo(reached);
    assertThat(shown.path("updates").get(0).path("storedAt").isTextual()).isTrue();
    assertThat(await(gateway.store().incidents().unfinishedUpdates())).extracting(IncidentUpdate::id)
        .doesNotContain(update.id());
    assertThat(sends("update " + w)).hasSize(reached);
  }

  private static ConversationId ingest(InboundMessage.Builder b) {
    return await(gateway.gateway().ingest().accept(b.receivedAt(Instant.now()).build())).conversationId();
  }

  /** Whether every message of the incident is stored as sent (none queued or being sent). */
  private static boolean allSent(ConversationStore store, String incidentId) {
    return await(store.incidents().counts(incidentId)).values().stream()
        .flatMap(c -> c.messages().entrySet().stream())
        .noneMatch(e -> e.getValue() > 0 && (e.getKey() == DeliveryStatus.QUEUED || e.getKey() == DeliveryStatus.SENDING));
  }

  private static void awaitSent(String text, int n) {
    Awaitility.await().atMost(60, SECONDS).until(() -> sends(text).size() >= n);
  }

  /** The messages with {@code text} handed to either channel. */
  private static List<OutboundMessage> sends(String text) {
    return Stream.of(SMS, CHAT).map(TestChannelAdapter::sent).flatMap(List::stream)
        .filter(m -> m.message().text().equals(text)).toList();
  }
}
