package dev.switchboard.server.cluster;

import static dev.switchboard.server.cluster.FrameClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.core.Gateway;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.server.email.SurveyMails;
import dev.switchboard.server.ops.TwilioStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Satisfaction surveys on two nodes of one cluster (real PostgreSQL, the real e-mail channel against
 * GreenMail's SMTP, the real SMS channel and Twilio SDK against {@link TwilioStandIn}): only the leader
 * asks, so each customer is asked once; an answer that reaches the follower (the mail's link, an SMS reply
 * through the signed webhook) is stored once, reaches the agent on the leader and is in the report of
 * either node; a used link gives the friendly page; after the leader stops, the new one asks what was due
 * and not yet asked, and nothing twice. A chat visitor on the follower gets the leader's ask there, once.
 */
class CsatClusterTest {

  static final String QUESTION = "How did we do?";
  static final String OUR_NUMBER = "+15550001111";
  static final String PUBLIC_URL = "https://support.example.com";
  static final int SMTP_PORT = InProcessCluster.freePort();

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(
      new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(Instant.now());
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<FrameClient> desks = new ArrayList<>();
  private TwilioStandIn twilio;
  private InProcessCluster cluster;
  private Gateway leader;
  private Gateway follower;

  @BeforeEach
  void start() throws Exception {
    twilio = new TwilioStandIn();
    String body = """
        channels:
          email:
            address: support@example.com
            smtp: { host: 127.0.0.1, port: %d, tls: false }
        %s
          chat: { allowedOrigins: ["%s"] }
        %s
        agents:
          - { id: alice, name: Alice, tokenSha256: %s, capacity: { chat: 10, sms: 10, email: 10 } }
        csat: { enabled: true, question: "%s", channels: [email, sms, chat], delay: 1h, window: 2d }
        """.formatted(SMTP_PORT, TwilioStandIn.channelYaml(twilio.baseUrl(), OUR_NUMBER), InProcessCluster.ORIGIN,
        InProcessCluster.ROUTING, InProcessCluster.sha256(InProcessCluster.token("alice")), QUESTION);
    // Behind one address (a load balancer): the same public URL and link key on both nodes.
    cluster = InProcessCluster.create(dir, ", publicUrl: \"" + PUBLIC_URL + "\", linkSecret: \"csat-cluster-secret\"",
        body, clock);
    leader = cluster.start("gw-l");
    follower = cluster.start("gw-a");
    await().atMost(Duration.ofSeconds(10)).until(() -> follower.cluster().leaderAddress().isPresent());
  }

  @AfterEach
  void stop() throws Exception {
    desks.forEach(FrameClient::close);
    if (cluster != null) {
      cluster.close();
    }
    if (twilio != null) {
      twilio.close();
    }
  }

  @Test
  void theLeaderAsksOnceAnswersOnTheFollowerCountOnceAndTheNextLeaderAsksWhatWasDue() throws Exception {
    FrameClient alice = desk(leader);
    String ann = resolved(alice, mailConversation(alice, follower, "ann@example.org", "Invoice", "My invoice is wrong"));
    String bo = resolved(alice, smsConversation(alice, follower, "+15550002222", "My parcel is late", "SM" + "1".repeat(32)));

    clock.advance(Duration.ofMinutes(61));
    assertAskedOnce("ann@example.org", "+15550002222");
    assertThat(asks(follower)).as("the follower asks nobody").isZero();
    assertThat(asks(leader)).isEqualTo(2);

    // Ann's link and Bo's reply reach the follower
    String[] annLinks = links("ann@example.org");
    HttpResponse<String> thanks = get(follower, annLinks[2]);
    assertThat(thanks.statusCode()).isEqualTo(200);
    assertThat(thanks.body()).contains("Thank you!").contains("2 out of 5");
    String reply = "SM" + "2".repeat(32);
    HttpResponse<String> twiml = sms(follower, "+15550002222", "4", reply);
    assertThat(twiml.statusCode()).isEqualTo(200);
    assertThat(sms(follower, "+15550002222", "4", reply).statusCode()).as("Twilio's retry").isEqualTo(200);
    // the agent, whose desk is on the leader, hears of both answers (through the events table; each frame is
    // built from a store read of its own, so they may come in either order)
    Map<String, Integer> heard = new java.util.HashMap<>();
    for (int i = 0; i < 2; i++) {
      JsonNode csat = alice.next("csat");
      heard.put(csat.path("conversationId").asText(), csat.path("csat").path("score").asInt());
    }
    assertThat(heard).isEqualTo(Map.of(ann, 2, bo, 4));

    // stored once each, the same in the report of either node
    for (Gateway g : List.of(leader, follower)) {
      JsonNode report = cluster.get(g, "/api/reports/csat?groupBy=agent&" + range()).body();
      assertThat(report.path("count").asInt()).as(report.toString()).isEqualTo(2);
      assertThat(report.path("distribution").path("2").asInt()).isEqualTo(1);
      assertThat(report.path("distribution").path("4").asInt()).isEqualTo(1);
      assertThat(report.path("rows")).hasSize(1);
      assertThat(report.path("rows").get(0).path("group").asText()).isEqualTo("alice");
    }
    // the reply "4" is a score, not a message of Bo's conversation nor a new conversation
    JsonNode boConversation = cluster.get(leader, "/api/conversations/" + bo).body();
    assertThat(boConversation.toString()).doesNotContain("\"text\":\"4\"");
    assertThat(cluster.get(leader, "/api/queue").body().path("total").asInt()).isZero();

    // Ann's link again, at the leader and with another score: the friendly page, no second score
    HttpResponse<String> reused = get(leader, annLinks[5]);
    assertThat(reused.statusCode()).isEqualTo(410);
    assertThat(reused.body()).contains("We already have your answer");
    JsonNode after = cluster.get(follower, "/api/reports/csat?" + range()).body();
    assertThat(after.path("count").asInt()).isEqualTo(2);
    assertThat(after.path("distribution").path("5").asInt()).isZero();

    // Three more resolutions: two due when the leader stops, one due only later
    resolved(alice, mailConversation(alice, follower, "cat@example.org", "Refund", "Where is my refund?"));
    resolved(alice, smsConversation(alice, leader, "+15550003333", "Wrong size", "SM" + "3".repeat(32)));
    clock.advance(Duration.ofMinutes(30));
    resolved(alice, mailConversation(alice, leader, "eve@example.org", "Login", "I cannot log in"));
    clock.advance(Duration.ofMinutes(31)); // cat's and dia's asks are due, eve's in 29 minutes
    cluster.stop("gw-l"); // at once: the old leader may or may not have asked yet
    await().atMost(Duration.ofSeconds(20)).until(() -> follower.router() != null);

    assertAskedOnce("cat@example.org", "+15550003333");
    assertThat(mailedSurveys("eve@example.org")).as("not due yet").isZero();
    clock.advance(Duration.ofMinutes(30));
    assertAskedOnce("eve@example.org");
    // and the first two are still asked once
    assertThat(mailedSurveys("ann@example.org")).isEqualTo(1);
    assertThat(smsSurveys("+15550002222")).isEqualTo(1);
    assertThat(cluster.get(follower, "/api/reports/csat?" + range()).body().path("count").asInt()).isEqualTo(2);
  }

  @Test
  void aChatVisitorOnTheFollowerIsAskedThereOnceAndAnswersOnce() throws Exception {
    FrameClient alice = desk(leader);
    FrameClient visitor = InProcessCluster.chat(follower);
    desks.add(visitor);
    visitor.send(frame("hello").put("name", "Jo"));
    visitor.next("welcome");
    visitor.send(frame("message").put("text", "My order is stuck").put("clientId", "c1"));
    visitor.next("ack");
    String id = alice.next(f -> f.path("type").asText().equals("offer") && f.path("channel").asText().equals("chat"),
        "the chat's offer").path("conversationId").asText();
    resolved(alice, id);

    clock.advance(Duration.ofMinutes(61));
    // the leader's ask reaches the visitor's node through the events table, as a csat_request
    JsonNode ask = visitor.next("csat_request", id);
    assertThat(ask.path("question").asText()).isEqualTo(QUESTION);
    assertThat(visitor.poll("csat_request", Duration.ofSeconds(3))).as("asked once").isNull();
    assertThat(asks(follower)).isZero();

    visitor.send(frame("csat").put("conversationId", id).put("score", 5).put("comment", "Quick, thanks"));
    assertThat(visitor.next("csat_recorded", id).path("score").asInt()).isEqualTo(5);
    assertThat(alice.next("csat", id).path("csat").path("comment").asText()).isEqualTo("Quick, thanks");
    visitor.send(frame("csat").put("conversationId", id).put("score", 1));
    assertThat(visitor.next("error").path("code").asText()).isEqualTo("csat_answered");
    for (Gateway g : List.of(leader, follower)) {
      JsonNode report = cluster.get(g, "/api/reports/csat?groupBy=channel&" + range()).body();
      assertThat(report.path("count").asInt()).as(report.toString()).isEqualTo(1);
      assertThat(report.path("distribution").path("5").asInt()).isEqualTo(1);
      assertThat(report.path("rows").get(0).path("group").asText()).isEqualTo("chat");
    }
  }

  /** Alice's desk, signed in on {@code g}. */
  private FrameClient desk(Gateway g) {
    FrameClient d = cluster.desk(g, "alice");
    desks.add(d);
    d.next("ready");
    return d;
  }

  /** Alice accepts the conversation offered to her and resolves it; returns its id once it is resolved. */
  private String resolved(FrameClient alice, String id) throws Exception {
    alice.send(frame("accept").put("conversationId", id));
    alice.next("assigned", id);
    alice.send(frame("resolve").put("conversationId", id));
    await().atMost(Duration.ofSeconds(15)).until(() -> cluster.get(leader, "/api/conversations/" + id).body()
        .path("conversation").path("status").asText().equalsIgnoreCase("resolved"));
    return id;
  }

  /** Each customer's survey arrives, and no second one within the next three seconds (three passes). */
  private void assertAskedOnce(String... customers) {
    for (String customer : customers) {
      await().atMost(Duration.ofSeconds(20)).until(() -> surveys(customer) >= 1);
    }
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Arrays.stream(customers)
        .allMatch(c -> surveys(c) == 1));
  }

  /** How many surveys {@code customer} (an address, or a phone number) got. */
  private int surveys(String customer) {
    return customer.startsWith("+") ? smsSurveys(customer) : mailedSurveys(customer);
  }

  private int smsSurveys(String phone) {
    return (int) twilio.sent().stream().filter(m -> phone.equals(m.get("To")) && m.getOrDefault("Body", "").contains(QUESTION))
        .count();
  }

  private int mailedSurveys(String customer) {
    return new SurveyMails(greenMail, QUESTION).to(customer).size();
  }

  /** The paths of the survey mail's links ({@code /csat/…?score=N}), by score (index 1 to 5). */
  private static String[] links(String customer) {
    String[] links = new SurveyMails(greenMail, QUESTION).links(customer);
    for (int score = 1; score <= 5; score++) {
      assertThat(links[score]).startsWith(PUBLIC_URL + "/csat/");
      links[score] = links[score].substring(PUBLIC_URL.length());
    }
    return links;
  }

  private double asks(Gateway g) {
    return g.meters().find("switchboard.csat.asks").counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private String range() {
    return "from=" + clock.instant().minus(Duration.ofDays(1)) + "&to=" + clock.instant().plus(Duration.ofDays(1));
  }

  /** A link of the mail, opened at {@code g} (the public URL's path, as a load balancer would pass it on). */
  private HttpResponse<String> get(Gateway g, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
        .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An inbound SMS as Twilio posts it to {@code g}, signed for the public URL. */
  private HttpResponse<String> sms(Gateway g, String from, String text, String sid) throws Exception {
    return http.send(TwilioStandIn.inboundSms(URI.create("http://127.0.0.1:" + g.port()), PUBLIC_URL, from,
        OUR_NUMBER, text, sid), HttpResponse.BodyHandlers.ofString());
  }

  /** A customer's mail, taken in at {@code g}: its conversation's id, once it is offered to Alice. */
  private String mailConversation(FrameClient alice, Gateway g, String from, String subject, String text)
      throws Exception {
    String id = cluster.mail(g, from, subject, text);
    alice.next("offer", id);
    return id;
  }

  /** A customer's first SMS, taken in at {@code g}: its conversation's id, from the offer Alice gets. */
  private String smsConversation(FrameClient alice, Gateway g, String from, String text, String sid) throws Exception {
    assertThat(sms(g, from, text, sid).statusCode()).isEqualTo(200);
    return alice.next(f -> f.path("type").asText().equals("offer") && f.path("channel").asText().equals("sms"),
        "an offer of the SMS from " + from).path("conversationId").asText();
  }
}
