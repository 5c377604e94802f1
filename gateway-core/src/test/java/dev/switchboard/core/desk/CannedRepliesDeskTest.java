package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.QueueView;
import dev.switchboard.core.testing.Futures;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Canned replies over real websockets: each desk's {@code ready} lists the replies for the agent's tiers
 * and channels, a reload pushes the new list, and {@code expand_canned_reply} fills in the placeholders.
 */
class CannedRepliesDeskTest {

  static final String ALICE = "alice-token";
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
        - { id: alice, name: Alice Doe, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            tiers: [standard], capacity: { sms: 50, chat: 5 } }
        - { id: sam, name: Sam, tokenSha256: 936bfb82812a7c03bf9bbdb6b435e42b2af1bf7c3770444fd2fb3e6fe74ce619,
            tiers: [vip], supervisor: true, capacity: { sms: 5, chat: 5, email: 5 } }
      cannedReplies:
        - { id: hello, title: Hello, text: "Hi {contact.name}, this is {agent.name} about {conversation.ref}." }
        - { id: vip-welcome, title: VIP welcome, text: "Welcome back.", tiers: [vip] }
        - { id: mail-sign-off, title: Sign-off, text: "Kind regards", channels: [email] }
        - { id: sms-stop, title: Stop, text: "Reply STOP to opt out.", tiers: [standard], channels: [sms] }
      """;

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml(YAML).adapters(SMS).build();

  /**
   * A desk's close reaches the router after the client has seen the socket closed: the router must have
   * taken this test's agents offline before the next test signs them in, or a close it takes late (a loaded
   * box) disconnects the next test's agent behind its open desk, and its offer goes to no one.
   */
  @AfterEach
  void everyDeskClosedAtTheRouter() {
    await().untilAsserted(() -> assertThat(Futures.await(gateway.gateway().router().agents()))
        .noneMatch(QueueView.Agent::connected));
  }

  private static JsonNode ready(DeskClient c) {
    return c.seen().stream().filter(f -> f.path("type").asText().equals("ready")).findFirst().orElseThrow();
  }

  private static JsonNode about(DeskClient c, String type, ConversationId id) {
    return c.next(f -> f.path("type").asText().equals(type)
        && f.path("conversationId").asText().equals(id.value()), type + " of " + id);
  }

  @Test
  void readyListsTheRepliesForTheAgentsTiersAndChannels() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE);
        DeskClient sam = DeskClient.signIn(gateway.wsUri("/agent/ws"), SAM)) {
      JsonNode aliceReplies = ready(alice).path("cannedReplies");
      assertThat(aliceReplies.findValuesAsText("id")).containsExactly("hello", "sms-stop");
      JsonNode stop = aliceReplies.get(1);
      assertThat(stop.path("title").asText()).isEqualTo("Stop");
      assertThat(stop.path("text").asText()).isEqualTo("Reply STOP to opt out.");
      assertThat(stop.path("tiers").toString()).isEqualTo("[\"standard\"]");
      assertThat(stop.path("channels").toString()).isEqualTo("[\"sms\"]");
      assertThat(aliceReplies.get(0).path("text").asText())
          .isEqualTo("Hi {contact.name}, this is {agent.name} about {conversation.ref}.");

      assertThat(ready(sam).path("cannedReplies").findValuesAsText("id"))
          .containsExactly("hello", "vip-welcome", "mail-sign-off");
    }
  }

  @Test
  void aReloadPushesTheNewListToConnectedDesks() throws Exception {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      Files.writeString(gateway.dir().resolve("gateway.yaml"), YAML + """
            - { id: thanks, title: Thanks, text: "Thanks, {contact.name}!", channels: [sms, chat] }
            - { id: vip-only, title: Later, text: "Later.", tiers: [vip] }
          """);
      HttpResponse<String> applied = gateway.post("/api/config/reload", "application/json",
          "".getBytes(StandardCharsets.UTF_8), "admin-token");
      assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);

      JsonNode pushed = alice.next("canned_replies");
      assertThat(pushed.path("cannedReplies").findValuesAsText("id")).containsExactly("hello", "sms-stop", "thanks");
      assertThat(pushed.has("seq")).isTrue();
    }
    // a desk signing in after the reload has the new list in its ready
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      assertThat(ready(alice).path("cannedReplies").findValuesAsText("id")).containsExactly("hello", "sms-stop", "thanks");
    }
  }

  @Test
  void expandFillsInThePlaceholdersForTheConversation() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      ConversationId id = gateway.inboundSms("where is my parcel?");
      about(alice, "offer", id);
      alice.send(frame("accept").put("conversationId", id.value()));
      String ref = about(alice, "assigned", id).path("conversation").path("ref").asText();
      assertThat(ref).isNotBlank();

      alice.send(frame("expand_canned_reply").put("conversationId", id.value()).put("cannedReplyId", "hello"));
      JsonNode expanded = about(alice, "canned_reply_expanded", id);
      // an SMS contact has no name
      assertThat(expanded.path("text").asText()).isEqualTo("Hi there, this is Alice Doe about " + ref + ".");
      assertThat(expanded.path("cannedReplyId").asText()).isEqualTo("hello");

      alice.send(frame("expand_canned_reply").put("conversationId", id.value()).put("cannedReplyId", "vip-welcome"));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("not_applicable");
      alice.send(frame("expand_canned_reply").put("conversationId", id.value()).put("cannedReplyId", "nope"));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("not_found");
      alice.send(frame("expand_canned_reply").put("conversationId", id.value()));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("bad_request");
    }
  }

  @Test
  void onlyTheAssigneeOrASupervisorMayExpand() {
    try (DeskClient alice = DeskClient.signIn(gateway.wsUri("/agent/ws"), ALICE)) {
      ConversationId id = gateway.inboundSms("hello");
      about(alice, "offer", id); // offered, not accepted
      alice.send(frame("expand_canned_reply").put("conversationId", id.value()).put("cannedReplyId", "hello"));
      assertThat(alice.next("error").path("code").asText()).isEqualTo("forbidden");
    }
  }
}
