package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incidents over real websockets: a supervisor opens one, lists the open ones, posts an update and resolves
 * it; an agent who is not a supervisor is refused, and bad input gets an {@code error} frame with its reason.
 */
class IncidentDeskTest {

  static final String SAM = "sam-token";
  static final String BOB = "bob-token";
  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      admin: { tokens: ["admin-token"] }
      routing:
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
      agents:
        - { id: bob, name: Bob, tokenSha256: 97dd3707015dcf069cf73022ed7173b1165db6eff24b441cb57fd069a8c4e525,
            tiers: [standard], capacity: { sms: 5 } }
        - { id: sam, name: Sam, tokenSha256: 936bfb82812a7c03bf9bbdb6b435e42b2af1bf7c3770444fd2fb3e6fe74ce619,
            tiers: [standard], supervisor: true, capacity: { sms: 5 } }
      """).adapters(SMS).build();

  private static ObjectNode open(String title, String regex) {
    ObjectNode f = frame("open_incident").put("title", title).put("text", "We are on it: " + title);
    f.putObject("match").put("text", regex).putArray("channels").add("sms");
    return f;
  }

  private static long sent(ConversationId id, String text) {
    return SMS.sent().stream().filter(m -> m.conversation().id().equals(id) && m.message().text().equals(text)).count();
  }

  @Test
  void aSupervisorOpensListsUpdatesAndResolvesAnIncident() {
    String w = "desk" + UUID.randomUUID().toString().substring(0, 8);
    ConversationId a = gateway.inboundSms("login broken " + w);
    ConversationId b = gateway.inboundSms("LOGIN BROKEN " + w);
    try (DeskClient sam = DeskClient.signIn(gateway.wsUri("/agent/ws"), SAM)) {
      sam.send(open("Login " + w, "(?i)login broken " + w));
      JsonNode opened = sam.next("incident_opened");
      assertThat(opened.path("matched").asInt()).isEqualTo(2);
      String id = opened.path("incident").path("id").asText();
      assertThat(opened.path("incident").path("status").asText()).isEqualTo("open");
      assertThat(opened.path("incident").path("createdBy").asText()).isEqualTo("sam");
      await().atMost(10, SECONDS).until(() -> sent(a, "We are on it: Login " + w) == 1
          && sent(b, "We are on it: Login " + w) == 1);

      sam.send(frame("incidents"));
      JsonNode listed = sam.next("incidents").path("incidents");
      JsonNode mine = null;
      for (JsonNode i : listed) {
        if (i.path("id").asText().equals(id)) {
          mine = i;
        }
      }
      assertThat(mine).isNotNull();
      assertThat(mine.path("waiting").asInt()).isEqualTo(2);

      sam.send(frame("incident_update").put("incidentId", id).put("text", "Fixed soon " + w));
      JsonNode updated = sam.next("incident_updated");
      assertThat(updated.path("queued").asInt()).isEqualTo(2);
      assertThat(updated.path("final").asBoolean()).isFalse();
      await().atMost(10, SECONDS).until(() -> sent(a, "Fixed soon " + w) == 1 && sent(b, "Fixed soon " + w) == 1);

      sam.send(frame("incident_update").put("incidentId", id).put("text", "Fixed " + w).put("resolve", true));
      assertThat(sam.next("incident_updated").path("final").asBoolean()).isTrue();
      sam.send(frame("incident_update").put("incidentId", id).put("text", "again"));
      assertThat(sam.next("error").path("code").asText()).isEqualTo("incident_resolved");
    }
  }

  @Test
  void badInputAndAgentsWhoAreNotSupervisorsGetAnErrorFrame() {
    try (DeskClient bob = DeskClient.signIn(gateway.wsUri("/agent/ws"), BOB);
        DeskClient sam = DeskClient.signIn(gateway.wsUri("/agent/ws"), SAM)) {
      bob.send(open("Nope", "x"));
      assertThat(bob.next("error").path("code").asText()).isEqualTo("forbidden");
      bob.send(frame("incidents"));
      assertThat(bob.next("error").path("code").asText()).isEqualTo("forbidden");

      sam.send(open("Bad", "[unclosed"));
      JsonNode bad = sam.next("error");
      assertThat(bad.path("code").asText()).isEqualTo("invalid_incident");
      assertThat(bad.path("message").asText()).contains("not a valid regular expression");
      sam.send(frame("open_incident").put("title", "Empty"));
      assertThat(sam.next("error").path("message").asText()).contains("match is empty");
      sam.send(frame("incident_update").put("incidentId", "nope").put("text", "x"));
      assertThat(sam.next("error").path("code").asText()).isEqualTo("not_found");
      sam.send(frame("incident_update").put("incidentId", "nope"));
      assertThat(sam.next("error").path("code").asText()).isEqualTo("bad_request");
      // the connection stays open and works
      sam.send(frame("incidents"));
      assertThat(sam.next("incidents").path("incidents").isArray()).isTrue();
    }
  }
}
