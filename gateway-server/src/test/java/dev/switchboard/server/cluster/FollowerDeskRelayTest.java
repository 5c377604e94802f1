package dev.switchboard.server.cluster;

import static dev.switchboard.server.cluster.FrameClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.Gateway;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes in this JVM: the desk and the routing API work on a follower (relayed and forwarded to the
 * leader), and an agent on a follower whose leader goes away reconnects with {@code resumeAfter} and gets
 * its state from the new leader.
 */
class FollowerDeskRelayTest {

  @RegisterExtension
  final ThreeNodes nodes = new ThreeNodes();

  @Test
  void anAgentOnAFollowerGetsOffersAcceptsRepliesAndTransfers() throws Exception {
    FrameClient alice = nodes.desk(nodes.a(), "alice");
    FrameClient bob = nodes.desk(nodes.b(), "bob");
    assertThat(alice.next("ready").path("agent").asText()).isEqualTo("alice");
    assertThat(bob.next("ready").path("agent").asText()).isEqualTo("bob");
    bob.send(frame("presence").put("status", "away"));
    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.cluster().get(nodes.b(), "/api/agents").body().toString()
        .contains("\"away\""));

    String id = nodes.cluster().mail(nodes.b(), "jane@example.org", "Where is my order", "It never came.");
    JsonNode offer = alice.next("offer", id);
    assertThat(offer.path("preview").asText()).contains("It never came.");
    alice.send(frame("accept").put("conversationId", id));
    JsonNode assigned = alice.next("assigned", id);
    assertThat(assigned.path("conversation").path("assignee").asText()).isEqualTo("alice");
    alice.send(frame("reply").put("conversationId", id).put("text", "Looking into it").put("clientId", "r1"));
    assertThat(alice.next("ack").path("clientId").asText()).isEqualTo("r1");

    bob.send(frame("presence").put("status", "available"));
    alice.send(frame("transfer").put("conversationId", id).put("toAgent", "bob"));
    assertThat(bob.next("assigned", id).path("messages").toString()).contains("Looking into it");
    assertThat(relayedSockets(nodes.leader())).isZero(); // the leader serves its desk itself
    assertThat(relayedSockets(nodes.a())).isEqualTo(1);
  }

  @Test
  void theRoutingApiOnAFollowerAnswersWhatTheLeaderAnswers() throws Exception {
    InProcessCluster cluster = nodes.cluster();
    cluster.mail(nodes.a(), "sam@example.org", "Question", "How do I reset my password?");
    await().atMost(Duration.ofSeconds(10))
        .until(() -> cluster.get(nodes.leader(), "/api/queue").body().path("total").asInt() == 1);

    InProcessCluster.Answer onLeader = cluster.get(nodes.leader(), "/api/queue");
    InProcessCluster.Answer onFollower = cluster.get(nodes.b(), "/api/queue");
    assertThat(onFollower.status()).isEqualTo(200);
    assertThat(onFollower.body()).isEqualTo(onLeader.body());
    assertThat(cluster.get(nodes.a(), "/api/agents").body()).isEqualTo(cluster.get(nodes.leader(), "/api/agents").body());
    // The caller's token travels with the request: the leader refuses a wrong one as it would its own.
    assertThat(cluster.post(nodes.b(), "/api/config/reload", "application/json", new byte[0]).status()).isEqualTo(200);
    assertThat(nodes.b().meters().counter("switchboard.cluster.relayed", "kind", "request", "outcome", "forwarded")
        .count()).isEqualTo(2);
  }

  @Test
  void anAgentOnAFollowerReconnectsAfterTheLeaderGoesAndGetsItsStateFromTheNewLeader() throws Exception {
    String id = nodes.cluster().mail(nodes.b(), "kim@example.org", "Refund", "Please refund order 42.");
    FrameClient alice = nodes.desk(nodes.a(), "alice");
    alice.next("ready");
    alice.next("offer", id);
    alice.send(frame("accept").put("conversationId", id));
    alice.next("assigned", id);
    long before = alice.lastSeq();

    nodes.cluster().stop("gw-l");
    // The leader closed its desk sockets as its term ended; the relay passes the close on.
    assertThat(alice.closed.get(15, TimeUnit.SECONDS)).isEqualTo(4503);
    await().atMost(Duration.ofSeconds(15)).until(() -> nodes.a().router() != null || nodes.b().router() != null);

    // Back through either node (here b, whichever leads): the new leader's frame log never gave out `before`,
    // so the desk gets a full ready with the conversation it holds.
    InProcessCluster.Resumed again = nodes.cluster().resumeDesk(nodes.b(), "alice", before);
    try (FrameClient desk = again.desk()) {
      assertThat(again.ready().path("conversations").toString()).contains(id);
      assertThat(desk.lastSeq()).isGreaterThan(before);
    }
  }

  private static double relayedSockets(Gateway node) {
    return node.meters().counter("switchboard.cluster.relayed", "kind", "websocket", "outcome", "opened").count();
  }
}
