package dev.switchboard.chat;

import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.ChatConfig;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.CommandResult;
import dev.switchboard.core.routing.ContactDirectory;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.routing.RoutingPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A waiting visitor's place in line over a real websocket, with the real router on the harness's clock
 * (moved by hand; the router's timers run only when the test ticks it).
 */
class ChatQueuePlaceTest {

  @TempDir Path dir;

  @Test
  void aWaitingVisitorIsToldTheirPlaceAndTheETAUntilAnAgentTakesTheChat() throws Exception {
    try (ChatHarness gw = new ChatHarness(dir, config());
        Router router = await(Router.start(gw.store, gw.events, gw.clock, gw.meters,
            RoutingPolicy.of(gw.config.routing(),
                List.of(new AgentConfig("alice", "Alice Agent", null, null, null, Map.of("chat", 1), null)),
                ContactDirectory.empty()),
            null));
        ChatClient first = gw.connect()) {
      first.hello(null, null);
      List<JsonNode> firstFrames = new ArrayList<>(write(first, "Where is my parcel?"));
      String firstConversation = ackOf(firstFrames).path("conversationId").asText();
      awaitWaiting(router, 1);
      gw.clock.advance(Duration.ofSeconds(1));

      // Opened when it says hello: a socket opened at the start and silent meanwhile meets the hello timeout
      // (real time) when the first visitor's steps are slow.
      try (ChatClient second = gw.connect()) {
        JsonNode welcome = second.hello(null, null);
        List<JsonNode> secondFrames = new ArrayList<>(write(second, "My invoice is wrong"));
        String secondConversation = ackOf(secondFrames).path("conversationId").asText();
        awaitWaiting(router, 2);
        tickAfter(gw, router, Duration.ofSeconds(1));

        // Nobody is signed in: a place, and an ETA that is unknown (null), not made up.
        JsonNode firstPlace = frame(first, firstFrames, f -> isQueue(f));
        assertThat(firstPlace.path("position").asInt()).isEqualTo(1);
        assertThat(firstPlace.path("conversationId").asText()).isEqualTo(firstConversation);
        JsonNode secondPlace = frame(second, secondFrames, f -> isQueue(f));
        assertThat(secondPlace.path("position").asInt()).isEqualTo(2);
        assertThat(secondPlace.has("etaSeconds")).isTrue();
        assertThat(secondPlace.path("etaSeconds").isNull()).isTrue();

        // A second tab of the waiting visitor is told the place right after its welcome.
        try (ChatClient secondTab = gw.connect()) {
          secondTab.hello(welcome.path("visitorToken").asText(), null);
          assertThat(secondTab.framesUntilMarker()).filteredOn(ChatQueuePlaceTest::isQueue)
              .extracting(f -> f.path("position").asInt()).containsExactly(2);
        }

        // alice signs in and takes the first chat: the second moves up, with her measured pace as the ETA.
        await(router.agentConnected("alice"));
        CommandResult accepted = await(router.accept("alice", new ConversationId(firstConversation)));
        assertThat(accepted).isInstanceOf(CommandResult.Done.class);
        frame(first, firstFrames, f -> f.path("type").asText().equals("conversation_updated")
            && f.path("conversation").path("status").asText().equals("assigned"));
        tickAfter(gw, router, Duration.ofSeconds(1));
        JsonNode movedUp = frame(second, secondFrames, f -> isQueue(f) && f.path("position").asInt() == 1);
        assertThat(movedUp.path("etaSeconds").asLong()).as("one take in the last minute: 1 a minute").isEqualTo(60);

        // She resolves it and takes the second: its place is no longer sent.
        await(router.resolve("alice", new ConversationId(firstConversation)));
        assertThat(await(router.accept("alice", new ConversationId(secondConversation))))
            .isInstanceOf(CommandResult.Done.class);
        frame(second, secondFrames, f -> f.path("type").asText().equals("conversation_updated")
            && f.path("conversation").path("status").asText().equals("assigned"));
        tickAfter(gw, router, Duration.ofSeconds(2));
        tickAfter(gw, router, Duration.ofSeconds(2));
        assertThat(second.framesUntilMarker()).noneMatch(ChatQueuePlaceTest::isQueue);
        assertThat(first.framesUntilMarker()).noneMatch(ChatQueuePlaceTest::isQueue);
        assertThat(gw.meters.counter("switchboard.chat.queue.updates").count())
            .as("pushed by the router: 1, 2, then 1").isEqualTo(3);
      }
    }
  }

  /**
   * The harness's limits with the default idle timeout: this test is not about idle sockets (ChatLimitsTest
   * is), and with the harness's 1 s a visitor's socket that waits while the test works is pinged after 1 s
   * of real time and closed when the pong comes a second late, as it does on a loaded machine.
   */
  private static ChatConfig config() {
    ChatConfig limits = ChatHarness.testConfig();
    return new ChatConfig(limits.allowedOrigins(), limits.maxMessageLength(), limits.maxFrameSize(),
        limits.messagesPerMinute(), Duration.ofMinutes(2), limits.maxAttachmentSize(), limits.attachmentTypes(),
        limits.awayAfter());
  }

  private static boolean isQueue(JsonNode f) {
    return f.path("type").asText().equals("queue");
  }

  /** Sends a message; returns the frames up to its ack (a place in line may come before the ack). */
  private static List<JsonNode> write(ChatClient c, String text) throws Exception {
    c.send(ChatClient.frame("message").put("text", text).put("clientId", "m-" + text.hashCode()));
    List<JsonNode> frames = new ArrayList<>();
    while (frames.stream().noneMatch(f -> f.path("type").asText().equals("ack"))) {
      frames.add(c.next());
    }
    return frames;
  }

  private static JsonNode ackOf(List<JsonNode> frames) {
    return frames.stream().filter(f -> f.path("type").asText().equals("ack")).findFirst().orElseThrow();
  }

  /** The first frame seen (already, in {@code seen}, or next on the socket) that matches; later ones stay unread. */
  private static JsonNode frame(ChatClient c, List<JsonNode> seen, Predicate<JsonNode> match) throws Exception {
    for (int i = 0; i < seen.size(); i++) {
      if (match.test(seen.get(i))) {
        return seen.remove(i);
      }
    }
    while (true) {
      JsonNode f = c.next();
      if (match.test(f)) {
        return f;
      }
      seen.add(f);
    }
  }

  private static void awaitWaiting(Router router, int n) {
    Awaitility.await().until(() -> await(router.queue()).size(), count -> count == n);
  }

  private static void tickAfter(ChatHarness gw, Router router, Duration d) {
    gw.clock.advance(d);
    await(router.tick());
  }
}
