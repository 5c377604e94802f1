package dev.switchboard.server.cluster;

import static dev.switchboard.server.cluster.FrameClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.DeliveryStatus;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes in this JVM, the visitor and the agent each on a follower: the chat taken on one follower is
 * offered to the agent relayed through the other, and what the leader decides and sends (the place in
 * line, the status, the agent's reply) reaches the visitor's node through the events table; a visitor
 * whose node went away resumes on another with the whole history.
 */
class CrossNodeChatTest {

  @RegisterExtension
  final ThreeNodes nodes = new ThreeNodes();

  @Test
  void aVisitorOnOneFollowerAndAnAgentOnAnotherTalkThroughTheLeader() throws Exception {
    FrameClient alice = nodes.desk(nodes.a(), "alice");
    alice.next("ready");
    alice.send(frame("presence").put("status", "away"));
    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.cluster().get(nodes.a(), "/api/agents").body().toString()
        .contains("\"away\""));

    ThreeNodes.Visitor jo = nodes.newVisitor(nodes.b(), "Jo", "Is anyone there?");
    FrameClient visitor = jo.chat();
    // Nobody available: the leader's router tells the watching visitor its place, across nodes.
    JsonNode place = visitor.next("queue");
    assertThat(place.path("position").asInt()).isEqualTo(1);
    String id = place.path("conversationId").asText();
    assertThat(id).isEqualTo(jo.conversationId());

    alice.send(frame("presence").put("status", "available"));
    alice.next("offer", id);
    alice.send(frame("accept").put("conversationId", id));
    alice.next("assigned", id);
    JsonNode updated = visitor.next(f -> f.path("type").asText().equals("conversation_updated")
        && f.path("conversation").path("status").asText().equals("assigned"), "conversation_updated assigned");
    assertThat(updated.path("conversation").path("agentName").asText()).isEqualTo("Alice");

    alice.send(frame("reply").put("conversationId", id).put("text", "Hi Jo, Alice here.").put("clientId", "r1"));
    alice.next("ack");
    JsonNode reply = visitor.next(f -> isMessage(f, "Hi Jo, Alice here."), "the agent's reply");
    assertThat(reply.path("message").path("authorName").asText()).isEqualTo("Alice");
    long lastSeen = visitor.lastSeq();
    // The push is counted once the frame was handed to the visitor's connection, so the visitor can hold the
    // frame a moment before the count moves (a CI run read 0 here): wait for it.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
        nodes.b().meters().counter("switchboard.chat.messages.sent", "mode", "live").count()).isEqualTo(1));

    // The visitor's node is gone for it (socket closed); a reply sent meanwhile waits in the store, and the
    // visitor resumes on the other follower with a resumeAfter that node never gave out: the whole history.
    visitor.close();
    alice.send(frame("reply").put("conversationId", id).put("text", "Still there?").put("clientId", "r2"));
    alice.next("ack");
    FrameClient back = nodes.returning(nodes.a(), jo.token(), lastSeen);
    assertThat(back.next("welcome").path("conversationId").asText()).isEqualTo(id);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      texts.add(back.next("message").path("message").path("text").asText());
    }
    assertThat(texts).containsExactly("Is anyone there?", "Hi Jo, Alice here.", "Still there?");
  }

  /**
   * A visitor coming back on a node they were never on is bound to their conversation only once their
   * history is read; the agent's reply sent during that read, whose event reaches the node before the
   * binding, must still reach them, once. The read is held on a lock of the surveys table (read last, after
   * the messages) until the reply's event has been handled on the node.
   */
  @Test
  void aReplySentWhileAReturningVisitorsHistoryIsReadReachesThemOnce() throws Exception {
    FrameClient alice = nodes.desk(nodes.leader(), "alice");
    alice.next("ready");
    ThreeNodes.Visitor jo = nodes.newVisitor(nodes.a(), "Jo", "Hello?");
    String id = jo.conversationId();
    alice.next("offer", id);
    alice.send(frame("accept").put("conversationId", id));
    alice.next("assigned", id);
    jo.chat().close();

    AtomicBoolean handledOnB = new AtomicBoolean();
    FrameClient back;
    try (AutoCloseable listener = nodes.b().events().subscribe(e -> { // runs after the chat channel's listener
          if (e instanceof GatewayEvent.DeliveryUpdated d && d.conversationId().value().equals(id)
              && d.status() == DeliveryStatus.SENT) {
            handledOnB.set(true);
          }
        });
        Connection sql = nodes.cluster().sql()) {
      sql.setAutoCommit(false);
      sql.createStatement().execute("LOCK TABLE csat_surveys IN ACCESS EXCLUSIVE MODE");
      back = nodes.returning(nodes.b(), jo.token(), null);
      await().atMost(Duration.ofSeconds(20)).until(() -> nodes.cluster().waitingOn(sql, "csat_surveys"));

      alice.send(frame("reply").put("conversationId", id).put("text", "Sorry for the wait").put("clientId", "r1"));
      alice.next("ack");
      await().atMost(Duration.ofSeconds(20)).untilTrue(handledOnB);
      sql.rollback(); // the history read goes on, without the reply
    }
    assertThat(back.next("welcome").path("conversationId").asText()).isEqualTo(id);
    assertThat(back.next("message").path("message").path("text").asText()).isEqualTo("Hello?");
    JsonNode reply = back.next(f -> isMessage(f, "Sorry for the wait"), "the reply sent during the read");
    assertThat(reply.path("history").asBoolean()).isFalse();
    assertThat(back.poll("message", Duration.ofSeconds(1))).as("nothing shown twice").isNull();
  }

  private static boolean isMessage(JsonNode f, String text) {
    return f.path("type").asText().equals("message") && f.path("message").path("text").asText().equals(text);
  }
}
