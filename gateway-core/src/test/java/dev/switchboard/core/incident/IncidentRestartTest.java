package dev.switchboard.core.incident;

import static dev.switchboard.core.testing.Futures.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.IncidentUpdate;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Incidents;
import dev.switchboard.core.store.OptOutState;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An update a stop cut off after its first chunk is finished by the next start (the term's
 * {@code finishCutOffUpdates}): every linked conversation's customer gets it exactly once at the channel,
 * the opted-out ones never, and the update counts each message once.
 */
class IncidentRestartTest {

  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);
  static final TestChannelAdapter CHAT = new TestChannelAdapter(Channel.CHAT);

  @RegisterExtension
  static final GatewayExtension gateway = Outage.gateway(SMS, CHAT);

  @Test
  void anUpdateCutOffAfterItsFirstChunkIsFinishedByTheNextStartOnceForEachConversation() throws Exception {
    Outage outage = new Outage(gateway, SMS, CHAT, "cut");
    int chats = Incidents.CHUNK + 60;
    Set<ConversationId> optedOut = new HashSet<>();
    for (int i = 0; i < chats; i++) {
      outage.chat("v-" + outage.word + "-" + i, "the app is down");
    }
    for (int i = 0; i < 40; i++) {
      String phone = String.format("+1555%07d", 2_000_000 + i);
      ConversationId id = outage.sms("+15550001111", phone, "the app is down");
      if (i < 10) {
        await(gateway.store().optOuts().record(Channel.SMS, phone, "+15550001111", new OptOutState(true, Instant.now())));
        optedOut.add(id);
      }
    }
    int reached = chats + 40 - optedOut.size();
    String incidentId = outage.open("Cut", chats + 40);
    awaitSent(outage, outage.status(), reached);
    assertOncePerConversation(outage, outage.status(), reached, optedOut);

    // The leader stores the update and its first chunk, then stops before the rest.
    ConversationStore store = gateway.store();
    String text = "update " + outage.word;
    IncidentUpdate update = IncidentUpdate.post(incidentId, text, false, "admin", Instant.now());
    await(store.incidents().post(update));
    List<ConversationId> linked = await(store.incidents().linked(incidentId));
    assertThat(linked).hasSize(chats + 40);
    int first = await(store.incidents().deliver(update, linked.subList(0, Incidents.CHUNK), false)).sent().size();
    awaitSent(outage, text, first);
    Awaitility.await().atMost(30, SECONDS).until(() -> allSent(store, incidentId));
    gateway.restart();

    awaitSent(outage, text, reached);
    assertOncePerConversation(outage, text, reached, optedOut);
    Awaitility.await().atMost(30, SECONDS).until(() -> allSent(gateway.store(), incidentId));
    JsonNode shown = Json.read(gateway.get("/api/incidents/" + incidentId, Outage.ADMIN).body());
    assertThat(shown.path("updates").get(0).path("queued").asInt()).isEqualTo(reached);
    assertThat(shown.path("updates").get(0).path("storedAt").isTextual()).isTrue();
    assertThat(await(gateway.store().incidents().unfinishedUpdates())).extracting(IncidentUpdate::id)
        .doesNotContain(update.id());
    assertThat(outage.sends(text)).hasSize(reached);
  }

  /** Each of {@code reached} conversations got {@code text} exactly once at its channel, none opted out got it. */
  private static void assertOncePerConversation(Outage outage, String text, int reached, Set<ConversationId> optedOut) {
    Map<ConversationId, Long> perConversation = outage.sends(text).stream()
        .collect(Collectors.groupingBy(m -> m.conversation().id(), Collectors.counting()));
    assertThat(perConversation).hasSize(reached).doesNotContainKeys(optedOut.toArray(ConversationId[]::new));
    assertThat(perConversation.values()).as("sends of \"%s\" per conversation", text).containsOnly(1L);
  }

  /** Whether every message of the incident is stored as sent (none queued or being sent). */
  private static boolean allSent(ConversationStore store, String incidentId) {
    return await(store.incidents().counts(incidentId)).values().stream()
        .flatMap(c -> c.messages().entrySet().stream())
        .noneMatch(e -> e.getValue() > 0 && (e.getKey() == DeliveryStatus.QUEUED || e.getKey() == DeliveryStatus.SENDING));
  }

  private static void awaitSent(Outage outage, String text, int n) {
    Awaitility.await().atMost(60, SECONDS).until(() -> outage.sends(text).size() >= n);
  }
}
