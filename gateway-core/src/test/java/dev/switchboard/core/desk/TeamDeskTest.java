package dev.switchboard.core.desk;

import static dev.switchboard.core.desk.DeskClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.TestChannelAdapter;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The team view over real websockets: tiers and agents online in {@code ready} and {@code team}, the
 * queue for supervisors in {@code ready} and {@code queue}, and a supervisor's {@code assign}.
 */
class TeamDeskTest {

  static final String ALICE = "alice-token";
  static final String BOB = "bob-token";
  static final String SAM = "sam-token";
  static final TestChannelAdapter SMS = new TestChannelAdapter(Channel.SMS);
  /**
   * routing.teamViewInterval here (a second by default): each test waits for team and queue frames, so for
   * about one interval each time. Short enough to take seconds off the class, long enough that the burst in
   * {@link #queueFramesComeAtMostOncePerIntervalWhateverTheTraffic} would show frames it did not hold back.
   */
  static final Duration INTERVAL = Duration.ofMillis(200);

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      routing:
        offerTimeout: 1h
        disconnectGrace: 1h
        teamViewInterval: %dms
        tiers:
          - { name: vip, firstResponse: 2m, nextResponse: 5m }
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      agents:
        - { id: alice, name: Alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            capacity: { sms: 1, chat: 5, email: 5 } }
        - { id: bob, name: Bob, tokenSha256: 97dd3707015dcf069cf73022ed7173b1165db6eff24b441cb57fd069a8c4e525,
            capacity: { sms: 5, chat: 5, email: 5 } }
        - { id: sam, name: Sam, tokenSha256: 936bfb82812a7c03bf9bbdb6b435e42b2af1bf7c3770444fd2fb3e6fe74ce619,
            supervisor: true, capacity: { sms: 5, chat: 5, email: 5 } }
      """.formatted(INTERVAL.toMillis())).adapters(SMS).build();

  /** Signs in and sets the agent away, so nothing is offered to them; returns once their team frame says so. */
  private static DeskClient away(String token, String agent) {
    DeskClient c = DeskClient.signIn(gateway.wsUri("/agent/ws"), token);
    c.send(frame("presence").put("status", "away"));
    Predicate<JsonNode> isAway = agentIn(agent, a -> a.path("presence").asText().equals("away"));
    if (!isAway.test(c.seen().get(0))) { // away from an earlier sign-in and listed so in ready, or told in a team frame
      c.next(f -> f.path("type").asText().equals("team") && isAway.test(f), "team with " + agent + " away");
    }
    return c;
  }

  /** A frame already taken (and skipped) by an earlier wait, or the next one that matches. */
  private static JsonNode seenOrNext(DeskClient c, Predicate<JsonNode> match, String what) {
    return c.seen().stream().filter(match).findFirst().orElseGet(() -> c.next(match, what));
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static Predicate<JsonNode> agentIn(String agent, Predicate<JsonNode> about) {
    return f -> list(f.path("agents")).stream().anyMatch(a -> a.path("id").asText().equals(agent) && about.test(a));
  }

  private static Predicate<JsonNode> waiting(ConversationId id, boolean is) {
    return f -> f.path("type").asText().equals("queue")
        && list(f.path("waiting")).stream().anyMatch(w -> w.path("conversationId").asText().equals(id.value())) == is;
  }

  @Test
  void readyListsTheTiersAndTheAgentsOnlineAndTeamFramesKeepThemCurrent() {
    try (DeskClient sam = away(SAM, "sam"); DeskClient bob = away(BOB, "bob")) {
      JsonNode ready = sam.seen().get(0);
      assertThat(ready.path("type").asText()).isEqualTo("ready");
      assertThat(list(ready.path("tiers"))).extracting(JsonNode::asText).containsExactly("vip", "standard");
      assertThat(ready.path("supervisor").asBoolean()).isTrue();
      assertThat(ready.path("queue").path("waiting").isArray()).isTrue();
      JsonNode bobsReady = bob.seen().get(0);
      assertThat(bobsReady.path("supervisor").asBoolean()).isFalse();
      assertThat(bobsReady.has("queue")).isFalse();

      // Bob's sign-in reaches Sam as a team frame, with presence and load and capacity per channel.
      JsonNode team = sam.next(f -> f.path("type").asText().equals("team")
          && agentIn("bob", a -> a.path("presence").asText().equals("away")).test(f), "team with bob away");
      JsonNode b = list(team.path("agents")).stream().filter(a -> a.path("id").asText().equals("bob")).findFirst().orElseThrow();
      assertThat(b.path("name").asText()).isEqualTo("Bob");
      assertThat(b.path("load").path("sms").asInt()).isZero();
      assertThat(b.path("capacity").path("sms").asInt()).isEqualTo(5);
      assertThat(list(team.path("tiers"))).extracting(JsonNode::asText).containsExactly("vip", "standard");
    }
  }

  @Test
  void aSupervisorSeesAWaitingConversationAndAssignsItToAnAgent() {
    try (DeskClient sam = away(SAM, "sam"); DeskClient bob = away(BOB, "bob")) {
      ConversationId id = gateway.inboundSms("Nobody is answering");
      JsonNode queue = sam.next(waiting(id, true), "queue with " + id);
      JsonNode entry = list(queue.path("waiting")).stream()
          .filter(w -> w.path("conversationId").asText().equals(id.value())).findFirst().orElseThrow();
      assertThat(entry.path("tier").asText()).isEqualTo("standard");
      assertThat(entry.path("channel").asText()).isEqualTo("sms");
      assertThat(entry.path("queuedAt").asText()).isNotEmpty();
      assertThat(entry.path("deadline").asText()).isNotEmpty();
      assertThat(queue.path("total").asInt()).isGreaterThanOrEqualTo(1);

      sam.send(frame("assign").put("conversationId", id.value()).put("toAgent", "bob"));

      JsonNode assigned = bob.next(f -> f.path("type").asText().equals("assigned")
          && f.path("conversationId").asText().equals(id.value()), "assigned");
      assertThat(assigned.path("conversation").path("assignee").asText()).isEqualTo("bob");
      sam.next(waiting(id, false), "queue without " + id);
      seenOrNext(sam, f -> f.path("type").asText().equals("team")
          && agentIn("bob", a -> a.path("load").path("sms").asInt() >= 1).test(f), "team with bob's load");
    }
  }

  @Test
  void assignRefusalsAreErrorFramesThatNameTheRule() {
    try (DeskClient sam = away(SAM, "sam"); DeskClient bob = away(BOB, "bob")) {
      ConversationId id = gateway.inboundSms("Still waiting");
      sam.next(waiting(id, true), "queue with " + id);

      bob.send(frame("assign").put("conversationId", id.value()).put("toAgent", "bob"));
      assertThat(bob.next("error").path("code").asText()).isEqualTo("forbidden");
      sam.send(frame("assign").put("conversationId", id.value()).put("toAgent", "nobody"));
      assertThat(sam.next("error").path("code").asText()).isEqualTo("unknown_agent");
      sam.send(frame("assign").put("conversationId", id.value()).put("toAgent", "alice"));
      assertThat(sam.next(f -> f.path("type").asText().equals("error") && !f.path("code").asText().equals("unknown_agent"),
          "error").path("code").asText()).isEqualTo("agent_unavailable");
      sam.send(frame("assign").put("conversationId", id.value()));
      assertThat(sam.next(f -> f.path("type").asText().equals("error") && f.path("code").asText().equals("bad_request"),
          "bad_request").path("message").asText()).contains("toAgent");

      sam.send(frame("assign").put("conversationId", id.value()).put("toAgent", "bob"));
      bob.next(f -> f.path("type").asText().equals("assigned") && f.path("conversationId").asText().equals(id.value()), "assigned");
      sam.send(frame("assign").put("conversationId", id.value()).put("toAgent", "bob"));
      assertThat(sam.next(f -> f.path("type").asText().equals("error") && f.path("code").asText().equals("not_waiting"),
          "not_waiting").path("message").asText()).contains(id.value());
    }
  }

  @Test
  void aResumedDeskGetsTheLatestTeamFrameAfterItsReplay() {
    long seq;
    try (DeskClient bob = away(BOB, "bob")) {
      seq = bob.lastSeq();
    }
    try (DeskClient back = DeskClient.connect(gateway.wsUri("/agent/ws"))) {
      back.send(frame("auth").put("token", BOB).put("resumeAfter", seq));
      JsonNode team = back.next("team");
      assertThat(team.path("seq").asLong()).isGreaterThan(seq);
      assertThat(back.seen()).noneMatch(f -> f.path("type").asText().equals("ready"));
    }
  }

  @Test
  void aRefusedReplyOrNoteNamesItsClientId() {
    try (DeskClient sam = away(SAM, "sam"); DeskClient bob = away(BOB, "bob")) {
      ConversationId id = gateway.inboundSms("Whose is this?");
      sam.next(waiting(id, true), "queue with " + id);

      bob.send(frame("reply").put("conversationId", id.value()).put("text", "Mine?").put("clientId", "c-41"));
      JsonNode forbidden = bob.next("error");
      assertThat(forbidden.path("code").asText()).isEqualTo("forbidden");
      assertThat(forbidden.path("clientId").asText()).isEqualTo("c-41");

      bob.send(frame("note").put("conversationId", id.value()).put("text", "x".repeat(20_001)).put("clientId", "c-42"));
      JsonNode tooLong = bob.next(f -> f.path("type").asText().equals("error") && f.path("code").asText().equals("too_long"),
          "too_long");
      assertThat(tooLong.path("clientId").asText()).isEqualTo("c-42");
    }
  }

  @Test
  void queueFramesComeAtMostOncePerIntervalWhateverTheTraffic() throws InterruptedException {
    try (DeskClient sam = away(SAM, "sam")) {
      sam.drain(INTERVAL.plusMillis(200)); // what the sign-in brought
      int before = sam.seen().size();
      long start = System.nanoTime();
      ConversationId last = null;
      for (int i = 0; i < 30; i++) {
        last = gateway.inboundSms("Burst " + i);
      }
      sam.next(waiting(last, true), "queue with the last of the burst");
      long elapsed = System.nanoTime() - start;
      long queueFrames = sam.seen().subList(before, sam.seen().size()).stream().filter(f -> f.path("type").asText().equals("queue")).count();
      // Each read of the router is at least an interval after the one before: over `elapsed`, at most
      // elapsed / interval + 1 reads, whatever the 30 arrivals and their offers and steps were.
      assertThat(queueFrames).isLessThanOrEqualTo(elapsed / INTERVAL.toNanos() + 2);
    }
  }
}
