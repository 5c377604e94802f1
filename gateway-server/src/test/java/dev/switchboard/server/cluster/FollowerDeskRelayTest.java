package dev.switchboard.server.cluster;

import static dev.switchboard.server.cluster.FrameClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.Gateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes in this JVM: the desk and the routing API work on a follower (relayed and forwarded to the
 * leader), and an agent on a follower whose leader goes away reconnects with {@code resumeAfter} and gets
 * its state from the new leader.
 */
class FollowerDeskRelayTest {

  @TempDir
  Path dir;

  private InProcessCluster cluster;
  private Gateway leader;
  private Gateway a;
  private Gateway b;

  @BeforeEach
  void start() throws Exception {
    cluster = InProcessCluster.create(dir);
    leader = cluster.start("gw-l");
    a = cluster.start("gw-a");
    b = cluster.start("gw-b");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.cluster().leaderAddress().isPresent()
        && b.cluster().leaderAddress().isPresent());
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anAgentOnAFollowerGetsOffersAcceptsRepliesAndTransfers() throws Exception {
    try (FrameClient alice = cluster.desk(a, "alice"); FrameClient bob = cluster.desk(b, "bob")) {
      assertThat(alice.next("ready").path("agent").asText()).isEqualTo("alice");
      assertThat(bob.next("ready").path("agent").asText()).isEqualTo("bob");
      bob.send(frame("presence").put("status", "away"));
      await().atMost(Duration.ofSeconds(10)).until(() -> cluster.get(b, "/api/agents").body().toString()
          .contains("\"away\""));

      String id = cluster.mail(b, "jane@example.org", "Where is my order", "It never came.");
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
    }
    assertThat(leader.meters().counter("switchboard.cluster.relayed", "kind", "websocket", "outcome", "opened").count())
        .isZero(); // the leader serves its desk itself
    assertThat(a.meters().counter("switchboard.cluster.relayed", "kind", "websocket", "outcome", "opened").count())
        .isEqualTo(1);
  }

  @Test
  void theRoutingApiOnAFollowerAnswersWhatTheLeaderAnswers() throws Exception {
    cluster.mail(a, "sam@example.org", "Question", "How do I reset my password?");
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.get(leader, "/api/queue").body().path("total").asInt() == 1);

    InProcessCluster.Answer onLeader = cluster.get(leader, "/api/queue");
    InProcessCluster.Answer onFollower = cluster.get(b, "/api/queue");
    assertThat(onFollower.status()).isEqualTo(200);
    assertThat(onFollower.body()).isEqualTo(onLeader.body());
    assertThat(cluster.get(a, "/api/agents").body()).isEqualTo(cluster.get(leader, "/api/agents").body());
    // The caller's token travels with the request: the leader refuses a wrong one as it would its own.
    assertThat(cluster.post(b, "/api/config/reload", "application/json", new byte[0]).status()).isEqualTo(200);
    assertThat(b.meters().counter("switchboard.cluster.relayed", "kind", "request", "outcome", "forwarded").count())
        .isEqualTo(2);
  }

  @Test
  void anAgentOnAFollowerReconnectsAfterTheLeaderGoesAndGetsItsStateFromTheNewLeader() throws Exception {
    String id = cluster.mail(b, "kim@example.org", "Refund", "Please refund order 42.");
    long before;
    try (FrameClient alice = cluster.desk(a, "alice")) {
      alice.next("ready");
      alice.next("offer", id);
      alice.send(frame("accept").put("conversationId", id));
      alice.next("assigned", id);
      before = alice.lastSeq();

      cluster.stop("gw-l");
      // The leader closed its desk sockets as its term ended; the relay passes the close on.
      assertThat(alice.closed.get(15, TimeUnit.SECONDS)).isEqualTo(4503);
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> a.router() != null || b.router() != null);

    // Back through either node (here b, whichever leads): the new leader's frame log never gave out `before`,
    // so the desk gets a full ready with the conversation it holds.
    InProcessCluster.Resumed again = cluster.resumeDesk(b, "alice", before);
    try (FrameClient desk = again.desk()) {
      assertThat(again.ready().path("conversations").toString()).contains(id);
      assertThat(desk.lastSeq()).isGreaterThan(before);
    }
  }
}
