package dev.switchboard.server.email;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.channel.email.EmailChannelAdapter;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.routing.CommandResult;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An e-mail customer's satisfaction survey in a whole gateway against GreenMail's SMTP: asked {@code delay}
 * after the resolution (and after a restart in between), by a mail with five signed links; the link's page
 * takes the score once and a comment once; a used, forged or expired link and a score outside 1 to 5 get a
 * friendly page and no score; the CSAT report counts what was answered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmailCsatTest {

  static final String ADMIN = "csat-admin-token";
  static final int SMTP_PORT = TestMail.freePort();
  static final int IMAP_PORT = TestMail.freePort();
  static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
  static final MutableClock clock = new MutableClock(START);

  @RegisterExtension
  @Order(1)
  static final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup[] {
      new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
      new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("support@example.com", "support@example.com", "secret"))
      .withPerMethodLifecycle(false);

  @RegisterExtension
  @Order(2)
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      server: { linkSecret: "csat-test-link-secret" }
      admin: { tokens: ["%s"] }
      channels:
        email:
          address: support@example.com
          imap: { host: 127.0.0.1, port: %d, tls: false, user: support@example.com, password: secret,
                  idle: false, pollInterval: 5m }
          smtp: { host: 127.0.0.1, port: %d, tls: false }
      routing:
        tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]
      agents:
        - { id: sam, name: Sam, tokenSha256: "9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc",
            supervisor: true, capacity: { email: 10 } }
      csat: { enabled: true, question: "How did we do?", channels: [email], delay: 1h, window: 2d }
      """.formatted(ADMIN, IMAP_PORT, SMTP_PORT))
      .adapters(new EmailChannelAdapter())
      .clock(clock)
      .build();

  static final SurveyMails surveyMails = new SurveyMails(greenMail, "How did we do?");

  private static String[] surveyLinks(String customer) {
    return surveyMails.links(customer);
  }

  /** A customer writes; Sam, a supervisor, resolves it at once. */
  private static ConversationId resolvedConversation(String customer) throws Exception {
    ConversationId id = gateway.gateway().ingest().accept(InboundMessage.builder(Channel.EMAIL,
            Identity.email(customer), "<" + customer + ">", "<" + customer + ">")
        .subject("Invoice").text("My invoice is wrong").receivedAt(clock.instant()).build())
        .toCompletableFuture().get(10, SECONDS).conversationId();
    await().atMost(Duration.ofSeconds(15)).until(() -> gateway.gateway().router().resolve("sam", id)
        .toCompletableFuture().get(10, SECONDS) instanceof CommandResult.Done);
    // the router saves after it decides: resolved_at is the time of that commit
    await().atMost(Duration.ofSeconds(15)).until(() -> gateway.store().conversation(id).toCompletableFuture()
        .get(10, SECONDS).orElseThrow().status() == dev.switchboard.core.model.ConversationStatus.RESOLVED);
    return id;
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return gateway.http().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postComment(String url, String comment) throws Exception {
    String base = url.substring(0, url.indexOf('?'));
    return gateway.http().send(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("comment=" + java.net.URLEncoder.encode(comment,
            java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<CsatSurvey> surveys(ConversationId id) throws Exception {
    return gateway.store().csat().ofConversation(id).toCompletableFuture().get(10, SECONDS);
  }

  private static double answers(String outcome) {
    var c = gateway.gateway().meters().find("switchboard.csat.answers").tag("channel", "email")
        .tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  @Order(1)
  void theSurveyMailIsSentAfterTheDelayEvenAcrossARestartAndItsLinkTakesOneScore() throws Exception {
    String customer = "ana@customer.example";
    ConversationId id = resolvedConversation(customer);
    clock.advance(Duration.ofMinutes(30));
    gateway.restart(); // the schedule is the store: nothing is lost, nothing asked early
    clock.advance(Duration.ofMinutes(20));
    assertThat(surveys(id)).isEmpty();
    clock.advance(Duration.ofMinutes(11));

    String[] links = surveyLinks(customer);
    assertThat(links).filteredOn(l -> l != null).hasSize(5);
    HttpResponse<String> thanks = get(links[4]);
    assertThat(thanks.statusCode()).isEqualTo(200);
    assertThat(thanks.body()).contains("Thank you!").contains("4 out of 5").contains("<textarea");
    assertThat(thanks.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(surveys(id)).singleElement().satisfies(s -> assertThat(s.answer().orElseThrow().score()).isEqualTo(4));

    assertThat(postComment(links[4], "Fast & friendly <3").statusCode()).isEqualTo(200);
    HttpResponse<String> secondComment = postComment(links[4], "again");
    assertThat(secondComment.statusCode()).isEqualTo(410);
    assertThat(surveys(id).get(0).answer().orElseThrow().comment()).contains("Fast & friendly <3");

    // the link again, or another score: a friendly page, the first answer stands
    HttpResponse<String> reused = get(links[1]);
    assertThat(reused.statusCode()).isEqualTo(410);
    assertThat(reused.body()).contains("We already have your answer");
    assertThat(get(links[4]).statusCode()).isEqualTo(410);
    assertThat(surveys(id).get(0).answer().orElseThrow().score()).isEqualTo(4);
  }

  @Test
  @Order(2)
  void aForgedTokenAScoreOutOfRangeAndAnExpiredLinkRecordNothing() throws Exception {
    String customer = "ben@customer.example";
    ConversationId id = resolvedConversation(customer);
    clock.advance(Duration.ofMinutes(61));
    String[] links = surveyLinks(customer);

    double invalid = answers("invalid");
    int q = links[5].indexOf('?');
    char last = links[5].charAt(q - 1);
    String forged = links[5].substring(0, q - 1) + (last == 'A' ? 'B' : 'A') + links[5].substring(q);
    HttpResponse<String> forgedPage = get(forged);
    assertThat(forgedPage.statusCode()).isEqualTo(404);
    assertThat(forgedPage.body()).contains("This link is not valid");
    assertThat(get(links[5].replace("score=5", "score=9")).statusCode()).isEqualTo(400);
    assertThat(get(links[5].replace("score=5", "score=0")).statusCode()).isEqualTo(400);
    assertThat(get(links[5].replace("score=5", "score=five")).statusCode()).isEqualTo(400);
    assertThat(answers("invalid")).isEqualTo(invalid + 4);
    assertThat(surveys(id)).singleElement().satisfies(s -> assertThat(s.answer()).isEmpty());

    clock.advance(Duration.ofDays(2));
    HttpResponse<String> expired = get(links[5]);
    assertThat(expired.statusCode()).isEqualTo(410);
    assertThat(expired.body()).contains("This survey has closed");
    assertThat(surveys(id)).singleElement().satisfies(s -> assertThat(s.answer()).isEmpty());
  }

  @Test
  @Order(3)
  void theCsatReportCountsTheAnswersWithTheRulesOfTheOtherReports() throws Exception {
    String from = "from=" + START.toString() + "&to=" + START.plus(Duration.ofDays(10));
    HttpResponse<String> json = gateway.get("/api/reports/csat?groupBy=channel&" + from, ADMIN);
    assertThat(json.statusCode()).isEqualTo(200);
    JsonNode body = Json.read(json.body());
    assertThat(body.path("count").asLong()).isEqualTo(1);
    assertThat(body.path("mean").asDouble()).isEqualTo(4.0);
    assertThat(body.path("distribution").path("4").asLong()).isEqualTo(1);
    assertThat(body.path("rows").get(0).path("group").asText()).isEqualTo("email");

    HttpResponse<String> csv = gateway.http().send(HttpRequest.newBuilder(gateway.uri("/api/reports/csat?groupBy=agent&"
            + from)).header("Authorization", "Bearer " + ADMIN).header("Accept", "text/csv").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.body()).isEqualTo("group,count,mean,score1,score2,score3,score4,score5\r\nsam,1,4.0,0,0,0,1,0\r\n");

    assertThat(gateway.get("/api/reports/csat?groupBy=mood", ADMIN).statusCode()).isEqualTo(400);
    assertThat(gateway.get("/api/reports/csat?from=2026-11-05&to=2026-11-01", ADMIN).body()).contains("invalid_range");
    assertThat(gateway.get("/api/reports/csat?from=2024-01-01&to=2026-01-01", ADMIN).statusCode()).isEqualTo(400);
    assertThat(gateway.get("/api/reports/csat", null).statusCode()).isEqualTo(401);
  }
}
