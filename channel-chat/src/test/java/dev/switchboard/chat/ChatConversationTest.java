package dev.switchboard.chat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A visitor's conversation over a real websocket: ack after commit, dedupe, replies, history, resume. */
class ChatConversationTest {

  @TempDir static Path dir;
  static ChatHarness gw;

  @BeforeAll
  static void start() throws Exception {
    gw = new ChatHarness(dir, ChatHarness.testConfig()); // each test is a new visitor, so they share it
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void firstHelloMintsATokenAndTheMessageIsAckedOnlyOnceCommitted() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      JsonNode welcome = visitor.hello(null, null);
      String token = welcome.path("visitorToken").asText();
      assertThat(VisitorToken.isWellFormed(token)).isTrue();
      assertThat(welcome.path("conversationId").isNull()).isTrue();

      JsonNode ack = visitor.say("My invoice is wrong", "c1");
      assertThat(ack.path("clientId").asText()).isEqualTo("c1");
      // The ack names a message that any reader of the store already sees: it was sent after the commit.
      Message stored = gw.store.message(new MessageId(ack.path("messageId").asText()))
          .toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(stored.text()).isEqualTo("My invoice is wrong");
      assertThat(stored.direction()).isEqualTo(Direction.IN);
      assertThat(stored.conversationId().value()).isEqualTo(ack.path("conversationId").asText());

      Conversation c = gw.store.conversation(stored.conversationId()).toCompletableFuture().get(10, SECONDS).orElseThrow();
      String visitorId = new VisitorToken(token).visitorId();
      assertThat(c.channel()).isEqualTo(Channel.CHAT);
      assertThat(c.threadKey()).isEqualTo(visitorId);
      assertThat(gw.published).anyMatch(e -> e instanceof GatewayEvent.ConversationQueued q
          && q.conversation().id().equals(c.id()));
    }
  }

  @Test
  void theTokenIsStoredOnlyAsItsHash() throws Exception {
    String token;
    try (ChatClient visitor = gw.connect()) {
      token = visitor.hello(null, null).path("visitorToken").asText();
      visitor.say("hello there", "c1");
    }
    String visitorId = new VisitorToken(token).visitorId();
    assertThat(gw.store.contacts().byIdentity(Identity.chatVisitor(visitorId)).toCompletableFuture().get(10, SECONDS)).isPresent();
    StringBuilder everything = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        everything.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    // Committed data is in the database file or its write-ahead log: the hash is there, the token nowhere.
    assertThat(everything).contains(visitorId).doesNotContain(token);
  }

  @Test
  void aResentMessageIsStoredOnceAndAckedWithTheSameId() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      visitor.hello(null, null);
      JsonNode first = visitor.say("once", "same-id");
      JsonNode again = visitor.say("once", "same-id");
      assertThat(again.path("messageId").asText()).isEqualTo(first.path("messageId").asText());
      assertThat(again.path("duplicate").asBoolean()).isTrue();
      List<Message> messages = gw.store.messages(new ConversationId(first.path("conversationId").asText()))
          .toCompletableFuture().get(10, SECONDS);
      assertThat(messages).hasSize(1);
    }
  }

  @Test
  void anAgentReplyReachesTheOpenSocketLive() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      visitor.hello(null, null);
      String conversationId = visitor.say("anyone there?", "c1").path("conversationId").asText();

      Delivery d = gw.reply(conversationId, "Yes, Alice here.");

      assertThat(d).isInstanceOfSatisfying(Delivery.Sent.class, s -> assertThat(s.delivered()).isTrue());
      JsonNode m = visitor.expect("message");
      assertThat(m.path("message").path("text").asText()).isEqualTo("Yes, Alice here.");
      assertThat(m.path("message").path("direction").asText()).isEqualTo("out");
      assertThat(m.path("message").path("authorName").asText()).isEqualTo("Alice Agent");
      assertThat(m.path("message").has("author")).isFalse(); // agent ids stay internal
    }
  }

  @Test
  void aReplyWhileTheVisitorIsAwayArrivesWithTheHistoryWhenTheyReturn() throws Exception {
    String token;
    String conversationId;
    try (ChatClient visitor = gw.connect()) {
      token = visitor.hello(null, null).path("visitorToken").asText();
      conversationId = visitor.say("first", "c1").path("conversationId").asText();
      visitor.say("second", "c2");
    }
    Delivery d = gw.reply(conversationId, "answer while you were away");
    gw.note(conversationId, "internal: customer is grumpy");
    assertThat(d).isInstanceOfSatisfying(Delivery.Sent.class, s -> assertThat(s.delivered()).isFalse());

    try (ChatClient back = gw.connect()) {
      JsonNode welcome = back.hello(token, null);
      assertThat(welcome.path("conversationId").asText()).isEqualTo(conversationId);
      List<JsonNode> history = back.framesUntilMarker();
      assertThat(history).allSatisfy(f -> {
        assertThat(f.path("type").asText()).isEqualTo("message");
        assertThat(f.path("history").asBoolean()).isTrue();
      });
      assertThat(history).extracting(f -> f.path("message").path("text").asText())
          .containsExactly("first", "second", "answer while you were away");
    }
  }

  @Test
  void aReplyAnotherTabsHistoryShowedBeforeItWasSentStillReachesThisTabLive() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      String token = visitor.hello(null, null).path("visitorToken").asText();
      String conversationId = visitor.say("first", "c1").path("conversationId").asText();
      Message waiting = gw.store.appendAgentMessage(new ConversationId(conversationId), Direction.OUT, "alice",
          "stored, not sent yet", "r-waiting").toCompletableFuture().get(5, TimeUnit.SECONDS);
      try (ChatClient tab = gw.connect()) {
        tab.hello(token, null);
        assertThat(tab.framesUntilMarker()).extracting(f -> f.path("message").path("text").asText())
            .containsExactly("first", "stored, not sent yet");

        Delivery d = gw.deliver(waiting); // the outbox's turn: the first tab has not seen it

        assertThat(d).isInstanceOfSatisfying(Delivery.Sent.class, s -> assertThat(s.delivered()).isTrue());
      }
      assertThat(visitor.framesUntilMarker()).extracting(f -> f.path("message").path("text").asText())
          .contains("stored, not sent yet");
    }
  }

  @Test
  void aReconnectWithResumeAfterGetsOnlyWhatItMissed() throws Exception {
    String token;
    String conversationId;
    long lastSeq;
    try (ChatClient visitor = gw.connect()) {
      token = visitor.hello(null, null).path("visitorToken").asText();
      conversationId = visitor.say("hi", "c1").path("conversationId").asText();
      gw.reply(conversationId, "seen live");
      lastSeq = visitor.expect("message").path("seq").asLong();
    }
    gw.reply(conversationId, "missed while reconnecting");

    try (ChatClient back = gw.connect()) {
      JsonNode welcome = back.hello(token, lastSeq);
      assertThat(welcome.path("seq").asLong()).isGreaterThan(lastSeq);
      List<JsonNode> frames = back.framesUntilMarker();
      assertThat(frames).extracting(f -> f.path("message").path("text").asText())
          .containsExactly("missed while reconnecting");
      assertThat(frames.get(0).path("seq").asLong()).isGreaterThan(welcome.path("seq").asLong());
    }
  }

  @Test
  void everyFrameOfAConnectionHasAGreaterSeqThanTheOneBefore() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      visitor.send("not json");
      long previous = visitor.expect("error").path("seq").asLong();
      JsonNode welcome = visitor.hello(null, null);
      assertThat(welcome.path("seq").asLong()).isGreaterThan(previous);
      previous = welcome.path("seq").asLong();
      String conversationId = visitor.say("a", "c1").path("conversationId").asText();
      gw.reply(conversationId, "b");
      for (JsonNode f : visitor.framesUntilMarker()) {
        assertThat(f.path("seq").asLong()).isGreaterThan(previous);
        previous = f.path("seq").asLong();
      }
    }
  }

  @Test
  void theVisitorsOtherTabSeesWhatWasWrittenInThisOne() throws Exception {
    try (ChatClient tab1 = gw.connect(); ChatClient tab2 = gw.connect()) {
      String token = tab1.hello(null, null).path("visitorToken").asText();
      tab2.hello(token, null);
      tab1.say("from tab one", "c1");
      JsonNode echo = tab2.expect("message");
      assertThat(echo.path("message").path("text").asText()).isEqualTo("from tab one");
      assertThat(echo.path("message").path("direction").asText()).isEqualTo("in");
      assertThat(tab1.framesUntilMarker()).isEmpty(); // the writing tab gets its ack only
    }
  }

  @Test
  void resolvingTellsTheVisitorAndTheNextMessageOpensANewConversation() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      visitor.hello(null, null);
      String first = visitor.say("help", "c1").path("conversationId").asText();
      gw.resolve(first);
      JsonNode update = visitor.expect("conversation_updated");
      assertThat(update.path("conversation").path("id").asText()).isEqualTo(first);
      assertThat(update.path("conversation").path("status").asText()).isEqualTo("resolved");
      assertThat(update.path("conversation").path("agentName").asText()).isEqualTo("Alice Agent");

      String second = visitor.say("one more thing", "c2").path("conversationId").asText();
      assertThat(second).isNotEqualTo(first);
    }
  }

  @Test
  void typingGoesBothWays() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      visitor.hello(null, null);
      String conversationId = visitor.say("hi", "c1").path("conversationId").asText();

      visitor.send(ChatClient.frame("typing"));
      visitor.framesUntilMarker();
      assertThat(gw.published).contains(new GatewayEvent.CustomerTyping(new ConversationId(conversationId)));

      gw.events.publish(new GatewayEvent.AgentTyping(new ConversationId(conversationId), "alice"));
      assertThat(visitor.expect("typing").path("conversationId").asText()).isEqualTo(conversationId);
    }
  }

  @Test
  void aTypedEmailIsRecordedAsAClaimNeverAsAnIdentity() throws Exception {
    // Someone else's verified e-mail contact, with a conversation of their own.
    gw.store.contacts().resolve(Identity.email("victim@example.com"), "Victim").toCompletableFuture().get(10, SECONDS);
    try (ChatClient visitor = gw.connect()) {
      visitor.send(ChatClient.frame("hello").put("email", "victim@example.com").put("name", "Mallory"));
      JsonNode welcome = visitor.expect("welcome");
      assertThat(welcome.path("conversationId").isNull()).isTrue();
      visitor.say("show me my orders", "c1");
      String visitorId = new VisitorToken(welcome.path("visitorToken").asText()).visitorId();

      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> gw.store
          .contacts().byIdentity(Identity.chatVisitor(visitorId)).toCompletableFuture().get(10, SECONDS)
          .map(c -> "victim@example.com".equals(c.attributes().get(ChatChannelAdapter.CLAIMED_EMAIL))).orElse(false));
      Contact chatContact = gw.store.contacts().byIdentity(Identity.chatVisitor(visitorId)).toCompletableFuture().get(10, SECONDS)
          .orElseThrow();
      Contact emailContact = gw.store.contacts().byIdentity(Identity.email("victim@example.com")).toCompletableFuture()
          .get(10, SECONDS).orElseThrow();
      assertThat(chatContact.id()).isNotEqualTo(emailContact.id());
      assertThat(chatContact.identities()).containsExactly(Identity.chatVisitor(visitorId));
      assertThat(chatContact.name()).isEqualTo("Mallory");
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> gw.published
          .contains(new GatewayEvent.EmailClaimed(chatContact.id(), "victim@example.com")));
    }
  }

  @Test
  void theAdapterSendsOnlyAgentRepliesAndOnlyToChatVisitors() throws Exception {
    String conversationId;
    try (ChatClient visitor = gw.connect()) {
      visitor.hello(null, null);
      conversationId = visitor.say("hello", "c1").path("conversationId").asText();
    }
    Message note = gw.note(conversationId, "internal only");
    Conversation c = gw.store.conversation(new ConversationId(conversationId)).toCompletableFuture().get(10, SECONDS).orElseThrow();
    Contact contact = gw.store.contacts().find(c.contactId()).toCompletableFuture().get(10, SECONDS).orElseThrow();

    Delivery toNote = gw.adapter.send(new OutboundMessage(note, c, contact, Identity.chatVisitor(c.threadKey()),
        List.of(), 1)).toCompletableFuture().get(10, SECONDS);
    assertThat(toNote).isInstanceOfSatisfying(Delivery.Failed.class, f -> assertThat(f.code()).isEqualTo("not_outbound"));

    Message reply = gw.store.appendAgentMessage(c.id(), Direction.OUT, "alice", "hi", "r-x").toCompletableFuture().get(10, SECONDS);
    Delivery toEmail = gw.adapter.send(new OutboundMessage(reply, c, contact, Identity.email("someone@example.com"),
        List.of(), 1)).toCompletableFuture().get(10, SECONDS);
    assertThat(toEmail).isInstanceOfSatisfying(Delivery.Failed.class, f -> assertThat(f.code()).isEqualTo("not_chat"));
  }
}
