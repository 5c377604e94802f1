package dev.switchboard.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.Futures;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A leader that dies between recording a chat reply sent and getting its {@code DeliveryUpdated} into the
 * events table leaves the reply stored, sent, and shown to nobody connected to another node: the visitors
 * there wait on that event. At the takeover every node pushes its connected visitors the sent replies they
 * were never shown, and none they were (live or in a history). Three nodes in this JVM on PostgreSQL; the
 * lost event is made by recording the replies sent through the leader's store, which publishes nothing.
 */
class ChatTakeoverCatchUpTest {

  @RegisterExtension
  final ThreeNodes nodes = new ThreeNodes();

  @Test
  void repliesTheDeadLeaderRecordedSentReachTheVisitorsOnTheOtherNodesOnce() throws Exception {
    ThreeNodes.Visitor ann = nodes.newVisitor(nodes.a(), "Ann", "Ann here");
    ThreeNodes.Visitor bo = nodes.newVisitor(nodes.b(), "Bo", "Bo here");

    // Recorded sent by the leader; its delivery event never reaches the table (as when it dies right after).
    sentByTheLeader(ann.conversationId(), "For Ann, sent as the leader died");
    sentByTheLeader(bo.conversationId(), "For Bo, seen in the history");
    // Bo comes back on the same node without resumeAfter: the first reply arrives with the whole history.
    bo.chat().close();
    FrameClient boBack = nodes.returning(nodes.b(), bo.token(), null);
    boBack.next("welcome");
    assertThat(boBack.next(f -> isReply(f, "For Bo, seen in the history"), "the reply in the history")
        .path("history").asBoolean()).isTrue();
    sentByTheLeader(bo.conversationId(), "For Bo, sent as the leader died");
    assertThat(ann.chat().poll("message", Duration.ofSeconds(2))).as("a reply whose event never crossed").isNull();

    nodes.cluster().stop("gw-l"); // gw-a or gw-b takes over: both the leader's and a follower's visitors are covered

    JsonNode toAnn = ann.chat().next(f -> isReply(f, "For Ann, sent as the leader died"),
        "Ann's reply after the takeover");
    assertThat(toAnn.path("history").asBoolean()).isFalse();
    JsonNode toBo = boBack.next(f -> f.path("type").asText().equals("message") && !f.path("history").asBoolean(),
        "a reply pushed to Bo after the takeover");
    assertThat(toBo.path("message").path("text").asText()).as("pushed live; the history showed the other one")
        .isEqualTo("For Bo, sent as the leader died");
    assertThat(boBack.poll("message", Duration.ofSeconds(1))).as("nothing pushed twice").isNull();
  }

  private void sentByTheLeader(String conversationId, String text) {
    Futures.await(nodes.leader().store().appendSentMessage(new ConversationId(conversationId), "alice", text,
        "r-" + text.hashCode()));
  }

  private static boolean isReply(JsonNode f, String text) {
    return f.path("type").asText().equals("message") && f.path("message").path("text").asText().equals(text);
  }
}
