package dev.switchboard.server.cluster;

import static dev.switchboard.server.cluster.FrameClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.Gateway;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.Futures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader that dies between recording a chat reply sent and getting its {@code DeliveryUpdated} into the
 * events table leaves the reply stored, sent, and shown to nobody connected to another node: the visitors
 * there wait on that event. At the takeover every node pushes its connected visitors the sent replies they
 * were never shown, and none they were (live or in a history). Three nodes in this JVM on PostgreSQL; the
 * lost event is made by recording the replies sent through the leader's store, which publishes nothing.
 */
class ChatTakeoverCatchUpTest {

  @TempDir
  Path dir;

  private InProcessCluster cluster;
  private Gateway leader;
  private Gateway a;
  private Gateway b;
  private final List<FrameClient> clients = new ArrayList<>();

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
    clients.forEach(FrameClient::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void repliesTheDeadLeaderRecordedSentReachTheVisitorsOnTheOtherNodesOnce() throws Exception {
    FrameClient ann = open(InProcessCluster.chat(a));
    String annChat = firstMessage(ann, "Ann");
    FrameClient bo = open(InProcessCluster.chat(b));
    bo.send(frame("hello").put("name", "Bo"));
    String boToken = bo.next("welcome").path("visitorToken").asText();
    bo.send(frame("message").put("text", "Bo here").put("clientId", "c1"));
    String boChat = bo.next("ack").path("conversationId").asText();

    // Recorded sent by the leader; its delivery event never reaches the table (as when it dies right after).
    sentByTheLeader(annChat, "For Ann, sent as the leader died");
    sentByTheLeader(boChat, "For Bo, seen in the history");
    // Bo comes back on the same node without resumeAfter: the first reply arrives with the whole history.
    bo.close();
    bo = open(InProcessCluster.chat(b));
    bo.send(frame("hello").put("visitorToken", boToken));
    bo.next("welcome");
    assertThat(bo.next(f -> isReply(f, "For Bo, seen in the history"), "the reply in the history")
        .path("history").asBoolean()).isTrue();
    sentByTheLeader(boChat, "For Bo, sent as the leader died");
    assertThat(ann.poll("message", Duration.ofSeconds(2))).as("a reply whose event never crossed").isNull();

    cluster.stop("gw-l"); // gw-a or gw-b takes over: both the leader's and a follower's visitors are covered

    JsonNode toAnn = ann.next(f -> isReply(f, "For Ann, sent as the leader died"), "Ann's reply after the takeover");
    assertThat(toAnn.path("history").asBoolean()).isFalse();
    JsonNode toBo = bo.next(f -> f.path("type").asText().equals("message") && !f.path("history").asBoolean(),
        "a reply pushed to Bo after the takeover");
    assertThat(toBo.path("message").path("text").asText()).as("pushed live; the history showed the other one")
        .isEqualTo("For Bo, sent as the leader died");
    assertThat(bo.poll("message", Duration.ofSeconds(1))).as("nothing pushed twice").isNull();
  }

  private FrameClient open(FrameClient c) {
    clients.add(c);
    return c;
  }

  /** Says hello as a new visitor and writes once; returns the conversation the ack names. */
  private static String firstMessage(FrameClient visitor, String name) {
    visitor.send(frame("hello").put("name", name));
    visitor.next("welcome");
    visitor.send(frame("message").put("text", name + " here").put("clientId", "c1"));
    return visitor.next("ack").path("conversationId").asText();
  }

  private void sentByTheLeader(String conversationId, String text) {
    Futures.await(leader.store().appendSentMessage(new ConversationId(conversationId), "alice", text,
        "r-" + text.hashCode()));
  }

  private static boolean isReply(JsonNode f, String text) {
    return f.path("type").asText().equals("message") && f.path("message").path("text").asText().equals(text);
  }
}
