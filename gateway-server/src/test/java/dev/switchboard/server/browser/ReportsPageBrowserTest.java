package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.channel.email.EmailChannelAdapter;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.Gateway;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.report.StaffingPlan;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.server.ReportsPage;
import dev.switchboard.server.email.SurveyMails;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * An admin signs in to the reports page in headless Chromium and sees charts drawn from conversations
 * agents really handled over the last three days: routed by the router, offered to and accepted, answered
 * and resolved on the agents' desks, with the clock moved between steps so that some answers are late. The
 * customers are asked for a score by mail (GreenMail's SMTP) {@code csat.delay} after each resolution and
 * answer through the mail's link, so the CSAT per agent chart shows what they gave.
 */
class ReportsPageBrowserTest {

  static final String ADMIN_TOKEN = "reports-admin-token";
  static final String ALICE_TOKEN = "alice-token";
  // printf %s alice-token | sha256sum
  static final String ALICE_TOKEN_SHA256 = "9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc";
  static final String BOB_TOKEN = "bob-token";
  static final String CAROL_TOKEN = "carol-token";
  static final String QUESTION = "How did we do?";
  static final int SMTP_PORT = freePort();
  /** Three days ago at 10:00 UTC, so every conversation is in the page's default range (the last 30 days). */
  static final Instant START = LocalDate.now(ZoneOffset.UTC).minusDays(3).atTime(10, 0).toInstant(ZoneOffset.UTC);

  static final MutableClock clock = new MutableClock(START);
  @TempDir static Path dir;
  static Gateway gateway;
  /** Conversations handled so far: each starts ten minutes after the one before, so the clock only moves on. */
  static int handled;

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(
      new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    String yaml = """
        server: { port: 0, host: 127.0.0.1 }
        storage: { sqlite: data/reports.db, attachments: data/attachments }
        admin: { tokens: ["%s"] }
        channels:
          email:
            address: support@example.com
            smtp: { host: 127.0.0.1, port: %d, tls: false }
        routing:
          offerTimeout: 2m
          tiers:
            - { name: vip, firstResponse: 2m, nextResponse: 5m }
            - { name: standard, firstResponse: 15m, nextResponse: 1h }
          rules:
            - { when: { text: "(?i)urgent" }, tier: vip }
            - { tier: standard }
        agents:
          - { id: alice, name: Alice, tokenSha256: %s, tiers: [vip, standard], capacity: { email: 5 } }
          - { id: bob, name: Bob, tokenSha256: %s, tiers: [standard], capacity: { email: 5 } }
          - { id: carol, name: Carol, tokenSha256: %s, tiers: [standard], capacity: { email: 5 } }
        csat: { enabled: true, question: "%s", channels: [email], delay: 1h, window: 7d }
        """.formatted(ADMIN_TOKEN, SMTP_PORT, ALICE_TOKEN_SHA256, sha256(BOB_TOKEN), sha256(CAROL_TOKEN), QUESTION);
    GatewayConfig config = ConfigLoader.parse(yaml, "gateway.yaml", dir, Map.of());
    gateway = Gateway.builder(config)
        .clock(clock)
        .adapters(List.of(new EmailChannelAdapter()))
        .routes(ReportsPage::mount)
        .build()
        .start();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void anAdminSignsInAndSeesTheReportsDrawnFromWhatTheDeskDid() throws Exception {
    try (Desk alice = Desk.signIn(gateway.port(), ALICE_TOKEN)) {
      handle(alice, "standard-1", "Where is my invoice?", 0, Duration.ofMinutes(1)); // day 1: in time
      handle(alice, "vip-1", "Urgent: the site is down", 0, Duration.ofMinutes(1)); // in time
      handle(alice, "standard-2", "How do I export data?", 1, Duration.ofMinutes(20)); // day 2: 15m target missed
      handle(alice, "vip-2", "Urgent: payments fail", 2, Duration.ofMinutes(3)); // day 3: 2m target missed
      awayFromTheQueue(alice, "alice");

      // Alice was signed in and available from START on: the staffing report counts her in that hour
      java.net.http.HttpResponse<String> staffing = HttpClient.newHttpClient().send(java.net.http.HttpRequest
          .newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/reports/staffing"))
          .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      JsonNode startHour = Json.read(staffing.body()).path("hours").get(StaffingPlan.hourOfWeek(START.toEpochMilli()));
      assertThat(startHour.path("agentsPresent").asDouble()).as(startHour.toString()).isGreaterThan(0);

      // Bob and then Carol take one standard conversation each, the others being away from the queue
      try (Desk bob = Desk.signIn(gateway.port(), BOB_TOKEN)) {
        handle(bob, "bob-1", "The export is empty", 2, Duration.ofMinutes(2));
        awayFromTheQueue(bob, "bob");
      }
      try (Desk carol = Desk.signIn(gateway.port(), CAROL_TOKEN)) {
        handle(carol, "carol-1", "Can I change my plan?", 2, Duration.ofMinutes(2));
      }
      // csat.delay (1h) after the last resolution every customer has been mailed a survey
      clock.advance(Duration.ofHours(1).plusMinutes(1));

      try (Browser admin = Browser.open()) {
        // the customers click a link of their survey mail: Alice's give 5 and 4, Bob's 2; Carol's does not answer
        for (Map.Entry<String, Integer> answer : Map.of("standard-1", 5, "vip-1", 4, "bob-1", 2).entrySet()) {
          admin.driver.get(surveyLinks(answer.getKey() + "@example.org")[answer.getValue()]);
          assertThat(admin.driver.findElement(By.tagName("body")).getText()).contains("Thank you!")
              .contains(answer.getValue() + " out of 5");
        }
        assertThat(surveyLinks("carol-1@example.org")).filteredOn(l -> l != null).hasSize(5);

        admin.driver.get("http://localhost:" + gateway.port() + "/admin/");
        admin.driver.findElement(By.id("login-token")).sendKeys(ADMIN_TOKEN);
        admin.driver.findElement(By.id("login-submit")).click();
        admin.waiting().until(d -> d.findElement(By.id("status")).getText().startsWith("Reports from"));
        assertThat(admin.driver.findElement(By.id("login")).isDisplayed()).isFalse();

        // standard: day 1 100 %, day 2 0 %, day 3 100 % (Bob and Carol); vip: day 1 100 %, day 3 0 %
        assertThat(admin.driver.findElement(By.id("chart-sla")).getAttribute("data-points")).isEqualTo("5");
        assertThat(admin.driver.findElement(By.id("chart-frt")).getAttribute("data-series")).isEqualTo("2");
        assertThat(admin.driver.findElement(By.id("load-legend")).getText())
            .contains("alice: 4 conversations").contains("bob: 1 conversations").contains("carol: 1 conversations");
        assertThat(admin.driver.findElement(By.id("chart-staffing")).getAttribute("data-series")).isEqualTo("2");
        assertThat(admin.driver.findElement(By.id("csat-summary")).getText()).isEqualTo("3 answers, mean score 3.67 of 5");

        // CSAT per agent: Alice 2 answers (a 4 and a 5), Bob 1 (a 2), Carol none
        assertThat(csatOf(admin, "alice")).isEqualTo(List.of("2", "4.5", "0,0,0,1,1"));
        assertThat(csatOf(admin, "bob")).isEqualTo(List.of("1", "2", "0,1,0,0,0"));
        assertThat(csatOf(admin, "carol")).isEqualTo(List.of("0", "", "0,0,0,0,0"));
        assertThat(admin.driver.findElement(By.id("csat-agents-legend")).getText())
            .contains("alice: 2 answers, mean 4.5 (1×4, 1×5)").contains("bob: 1 answer, mean 2 (1×2)")
            .contains("carol: no answers");
        WebElement perAgent = admin.driver.findElement(By.id("chart-csat-agents"));
        // five stacked score series and the mean, each with a point for Alice and for Bob (Carol has none)
        assertThat(perAgent.getAttribute("data-series")).isEqualTo("6");
        assertThat(perAgent.getAttribute("data-points")).isEqualTo("12");
        for (String chart : List.of("chart-sla", "chart-frt", "chart-load", "chart-staffing", "chart-csat",
            "chart-csat-agents")) {
          assertThat(admin.driver.findElements(By.cssSelector("#" + chart + " canvas"))).as(chart).hasSize(1);
        }
        admin.driver.manage().window().setSize(new Dimension(1366, 1000));
        admin.waiting().until(d -> d.findElements(By.cssSelector("#chart-staffing canvas")).size() == 1);
        admin.screenshot("admin-reports");

        // a month with nothing in it: every chart says so, the CSAT ones too
        LocalDate empty = LocalDate.now(ZoneOffset.UTC).minusYears(1);
        setDate(admin, "range-from", empty.withDayOfMonth(1));
        setDate(admin, "range-to", empty.withDayOfMonth(28));
        admin.driver.findElement(By.id("range-apply")).click();
        admin.waiting().until(d -> d.findElement(By.id("status")).getText()
            .startsWith("Reports from " + empty.withDayOfMonth(1)));
        assertThat(admin.driver.findElement(By.id("chart-csat-agents")).getText()).isEqualTo("No conversations in this range.");
        assertThat(admin.driver.findElement(By.id("chart-csat-agents")).getAttribute("data-points")).isEqualTo("0");
        assertThat(admin.driver.findElement(By.id("csat-agents-legend")).getText()).isEqualTo("No answers in this range.");
        assertThat(admin.driver.findElement(By.id("csat-summary")).getText()).isEqualTo("No answers in this range.");
        assertThat(admin.driver.findElements(By.cssSelector("#chart-csat-agents canvas"))).isEmpty();
      }
    }
  }

  /** The count, mean and 1-5 counts the CSAT per agent chart shows for {@code agent}. */
  private static List<String> csatOf(Browser admin, String agent) {
    WebElement li = admin.driver.findElement(By.cssSelector("#csat-agents-legend li[data-agent='" + agent + "']"));
    return List.of(li.getAttribute("data-count"), li.getAttribute("data-mean"), li.getAttribute("data-scores"));
  }

  private static void setDate(Browser admin, String id, LocalDate date) {
    admin.driver.executeScript("document.getElementById(arguments[0]).value = arguments[1];", id, date.toString());
  }

  /** The agent goes away: no more offers for them, so the next conversation goes to the next agent. */
  private static void awayFromTheQueue(Desk desk, String agent) {
    desk.send("{\"type\":\"presence\",\"status\":\"away\"}");
    await().atMost(15, TimeUnit.SECONDS).until(() -> gateway.router().agents().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).stream().anyMatch(a -> a.id().equals(agent) && a.presence().equals("away")));
  }

  private static String[] surveyLinks(String customer) {
    return new SurveyMails(greenMail, QUESTION).links(customer);
  }

  static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try {
      return AttachmentsRig.freePort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A customer writes on day {@code day}; the agent accepts the offer, answers after {@code answerAfter}, resolves. */
  private static void handle(Desk agent, String name, String text, int day, Duration answerAfter) throws Exception {
    clock.set(START.plus(Duration.ofDays(day)).plusSeconds(handled * 600L));
    String id = gateway.ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email(name + "@example.org"),
            "<" + name + "@example.org>", "<" + name + "@example.org>")
        .subject(name).text(text).receivedAt(clock.instant()).build())
        .toCompletableFuture().get(10, TimeUnit.SECONDS).conversationId().value();
    agent.awaitFrame("offer", id);
    agent.send("{\"type\":\"accept\",\"conversationId\":\"" + id + "\"}");
    agent.awaitFrame("assigned", id);
    clock.advance(answerAfter);
    agent.send("{\"type\":\"reply\",\"conversationId\":\"" + id + "\",\"text\":\"On it\",\"clientId\":\"" + name + "\"}");
    agent.awaitAck(name);
    agent.send("{\"type\":\"resolve\",\"conversationId\":\"" + id + "\"}");
    await().atMost(15, TimeUnit.SECONDS).until(() -> gateway.router().agents().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).stream().noneMatch(a -> a.conversations().toString().contains(id)));
    handled++;
  }

  /** An agent's desk over the real agent websocket. */
  static final class Desk implements AutoCloseable {
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    private Desk(int port) {
      socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/agent/ws"), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              text.append(data);
              if (last) {
                try {
                  frames.add(Json.read(text.toString()));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                text.setLength(0);
              }
              w.request(1);
              return null;
            }
          }).orTimeout(10, TimeUnit.SECONDS).join();
    }

    static Desk signIn(int port, String token) {
      Desk d = new Desk(port);
      d.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
      await().atMost(15, TimeUnit.SECONDS).until(() -> d.frames.stream().anyMatch(f -> f.path("type").asText().equals("ready")));
      return d;
    }

    void send(String frame) {
      socket.sendText(frame, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    void awaitFrame(String type, String conversationId) {
      await().atMost(15, TimeUnit.SECONDS).until(() -> frames.stream().anyMatch(f ->
          f.path("type").asText().equals(type) && f.toString().contains(conversationId)));
    }

    void awaitAck(String clientId) {
      await().atMost(15, TimeUnit.SECONDS).until(() -> frames.stream().anyMatch(f ->
          f.path("type").asText().equals("ack") && f.path("clientId").asText().equals(clientId)));
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
  }
}
