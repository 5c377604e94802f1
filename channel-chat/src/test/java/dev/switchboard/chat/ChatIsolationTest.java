package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.ConversationId;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One visitor can never read or write another's conversation, whatever they send. */
class ChatIsolationTest {

  @TempDir static Path dir;
  static ChatHarness gw;

  @BeforeAll
  static void start() throws Exception {
    gw = new ChatHarness(dir, ChatHarness.testConfig());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void aNewVisitorSeesNothingOfAnother() throws Exception {
    try (ChatClient alice = gw.connect(); ChatClient bob = gw.connect()) {
      alice.hello(null, null);
      String aliceConversation = alice.say("my private account details", "c1").path("conversationId").asText();

      JsonNode welcome = bob.hello(null, null);
      assertThat(welcome.path("conversationId").isNull()).isTrue();
      assertThat(bob.framesUntilMarker()).isEmpty();

      gw.reply(aliceConversation, "for alice only");
      gw.events.publish(new GatewayEvent.AgentTyping(new ConversationId(aliceConversation), "alice"));
      assertThat(alice.expect("message").path("message").path("text").asText()).isEqualTo("for alice only");
      assertThat(bob.framesUntilMarker()).isEmpty();
    }
  }

  @Test
  void theSameClientIdFromAnotherVisitorIsTheirOwnMessage() throws Exception {
    try (ChatClient alice = gw.connect(); ChatClient bob = gw.connect()) {
      alice.hello(null, null);
      bob.hello(null, null);
      JsonNode a = alice.say("alice's words", "shared-id");
      JsonNode b = bob.say("bob's words", "shared-id");
      assertThat(b.path("duplicate").asBoolean()).isFalse();
      assertThat(b.path("messageId").asText()).isNotEqualTo(a.path("messageId").asText());
      assertThat(b.path("conversationId").asText()).isNotEqualTo(a.path("conversationId").asText());
    }
  }

  @Test
  void theVisitorIdFromAnAgentScreenIsNoTokenAndOpensNothing() throws Exception {
    String aliceToken;
    try (ChatClient alice = gw.connect()) {
      aliceToken = alice.hello(null, null).path("visitorToken").asText();
      alice.say("hello", "c1");
    }
    String aliceVisitorId = new VisitorToken(aliceToken).visitorId(); // what the store and agents see
    try (ChatClient mallory = gw.connect()) {
      mallory.send(ChatClient.frame("hello").put("visitorToken", aliceVisitorId));
      assertThat(mallory.expect("error").path("code").asText()).isEqualTo("bad_token");
      mallory.send(ChatClient.frame("hello").put("visitorToken", aliceVisitorId.substring(0, 43)));
      JsonNode welcome = mallory.expect("welcome");
      assertThat(welcome.path("conversationId").isNull()).isTrue();
      assertThat(mallory.framesUntilMarker()).isEmpty();
    }
  }

  @Test
  void aGuessedWellFormedTokenIsAFreshVisitor() throws Exception {
    try (ChatClient alice = gw.connect(); ChatClient guesser = gw.connect()) {
      alice.hello(null, null);
      alice.say("secret", "c1");
      JsonNode welcome = guesser.hello(VisitorToken.mint().value(), null);
      assertThat(welcome.path("conversationId").isNull()).isTrue();
      assertThat(guesser.framesUntilMarker()).isEmpty();
    }
  }

  @Test
  void onlyTheTokenHolderResumesTheConversation() throws Exception {
    String token;
    String conversationId;
    try (ChatClient alice = gw.connect()) {
      token = alice.hello(null, null).path("visitorToken").asText();
      conversationId = alice.say("mine", "c1").path("conversationId").asText();
    }
    try (ChatClient other = gw.connect()) {
      // A resumeAfter alone, without the token, names no one's session.
      JsonNode welcome = other.hello(null, 0L);
      assertThat(welcome.path("conversationId").isNull()).isTrue();
      assertThat(other.framesUntilMarker()).isEmpty();
    }
    try (ChatClient alice = gw.connect()) {
      assertThat(alice.hello(token, null).path("conversationId").asText()).isEqualTo(conversationId);
    }
  }
}
