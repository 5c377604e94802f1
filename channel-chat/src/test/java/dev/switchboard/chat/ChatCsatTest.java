package dev.switchboard.chat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.model.Ids;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.CsatSurveys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat visitor's satisfaction survey over a real websocket: the ask arrives as {@code csat_request}, the
 * widget's {@code csat} frame is stored once, a score outside 1 to 5 or someone else's conversation is
 * refused with an error frame, and a returning visitor is asked again only while the survey is open.
 */
class ChatCsatTest {

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

  /** What the leader's CsatScheduler does once the delay passed: ask in the store, the outbox delivers. */
  private static CsatSurvey askAndDeliver(String conversationId) throws Exception {
    CsatSurveys.Resolution r = gw.store.csat().unasked(gw.clock.instant().minus(Duration.ofHours(1)),
            gw.clock.instant(), Set.of(dev.switchboard.core.model.Channel.CHAT), 100).toCompletableFuture()
        .get(5, SECONDS).stream().filter(x -> x.conversationId().value().equals(conversationId)).findFirst()
        .orElseThrow();
    CsatSurveys.Asked asked = gw.store.csat().ask(Ids.next(), r, gw.clock.instant().plus(Duration.ofDays(1)),
        "How did we do?").toCompletableFuture().get(5, SECONDS).orElseThrow();
    Message m = asked.message().orElseThrow();
    gw.deliver(m);
    return asked.survey();
  }

  private static JsonNode skipTo(ChatClient visitor, String type) throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      JsonNode f = visitor.next();
      if (f.path("type").asText().equals(type)) {
        return f;
      }
    }
    throw new AssertionError("no " + type + " frame among the next 10");
  }

  private static double answers(String outcome) {
    var c = gw.meters.find("switchboard.csat.answers").tag("channel", "chat").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void theVisitorIsAskedAndTheFirstScoreInRangeIsStored() throws Exception {
    try (ChatClient visitor = gw.connect()) {
      visitor.hello(null, null);
      String conversationId = visitor.say("My parcel is late", "c1").path("conversationId").asText();
      gw.resolve(conversationId);
      CsatSurvey survey = askAndDeliver(conversationId);

      JsonNode request = skipTo(visitor, "csat_request");
      assertThat(request.path("conversationId").asText()).isEqualTo(conversationId);
      assertThat(request.path("question").asText()).isEqualTo("How did we do?");

      double invalidBefore = answers("invalid");
      visitor.send(ChatClient.frame("csat").put("conversationId", conversationId).put("score", 6));
      JsonNode refused = visitor.expect("error");
      assertThat(refused.path("code").asText()).isEqualTo("bad_score");
      visitor.send(ChatClient.frame("csat").put("conversationId", conversationId).put("score", 0));
      assertThat(visitor.expect("error").path("code").asText()).isEqualTo("bad_score");
      assertThat(answers("invalid")).isEqualTo(invalidBefore + 2);

      double recordedBefore = answers("recorded");
      visitor.send(ChatClient.frame("csat").put("conversationId", conversationId).put("score", 4)
          .put("comment", "Quick, thanks"));
      JsonNode recorded = visitor.expect("csat_recorded");
      assertThat(recorded.path("score").asInt()).isEqualTo(4);
      assertThat(answers("recorded")).isEqualTo(recordedBefore + 1);
      CsatSurvey stored = gw.store.csat().find(survey.id()).toCompletableFuture().get(5, SECONDS).orElseThrow();
      assertThat(stored.answer().orElseThrow().score()).isEqualTo(4);
      assertThat(stored.answer().orElseThrow().comment()).contains("Quick, thanks");
      assertThat(gw.published).anyMatch(e -> e instanceof GatewayEvent.CsatAnswered a
          && a.surveyId().equals(survey.id()));

      // a second answer (another tab, a double click) leaves the first
      visitor.send(ChatClient.frame("csat").put("conversationId", conversationId).put("score", 1));
      assertThat(visitor.expect("error").path("code").asText()).isEqualTo("csat_answered");
      assertThat(gw.store.csat().find(survey.id()).toCompletableFuture().get(5, SECONDS).orElseThrow()
          .answer().orElseThrow().score()).isEqualTo(4);
    }
  }

  @Test
  void aVisitorCannotAnswerAnotherVisitorsSurvey() throws Exception {
    String conversationId;
    try (ChatClient owner = gw.connect()) {
      owner.hello(null, null);
      conversationId = owner.say("Hello", "c1").path("conversationId").asText();
    }
    gw.resolve(conversationId);
    CsatSurvey survey = askAndDeliver(conversationId);
    try (ChatClient stranger = gw.connect()) {
      stranger.hello(null, null);
      stranger.send(ChatClient.frame("csat").put("conversationId", conversationId).put("score", 1));
      assertThat(stranger.expect("error").path("code").asText()).isEqualTo("csat_not_asked");
    }
    assertThat(gw.store.csat().find(survey.id()).toCompletableFuture().get(5, SECONDS).orElseThrow().answer())
        .isEmpty();
  }

  @Test
  void aReturningVisitorIsAskedAgainWhileTheSurveyIsOpenAndNotAfterAnswering() throws Exception {
    String token;
    String conversationId;
    try (ChatClient visitor = gw.connect()) {
      token = visitor.hello(null, null).path("visitorToken").asText();
      conversationId = visitor.say("Where is my refund?", "c1").path("conversationId").asText();
    }
    gw.resolve(conversationId);
    askAndDeliver(conversationId); // no socket open: it waits in the store

    try (ChatClient back = gw.connect()) {
      back.hello(token, null);
      List<JsonNode> frames = back.framesUntilMarker();
      assertThat(frames).filteredOn(f -> f.path("type").asText().equals("csat_request"))
          .singleElement().satisfies(f -> {
            assertThat(f.path("conversationId").asText()).isEqualTo(conversationId);
            assertThat(f.path("history").asBoolean()).isTrue();
          });
      // the ask is not also shown as a message
      assertThat(frames).noneMatch(f -> f.path("type").asText().equals("message")
          && f.path("message").path("text").asText().equals("How did we do?"));
      back.send(ChatClient.frame("csat").put("conversationId", conversationId).put("score", 5));
      back.expect("csat_recorded");
    }
    try (ChatClient again = gw.connect()) {
      again.hello(token, null);
      assertThat(again.framesUntilMarker()).noneMatch(f -> f.path("type").asText().equals("csat_request"));
    }
  }
}
