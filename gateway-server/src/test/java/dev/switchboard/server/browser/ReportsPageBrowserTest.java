package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.Gateway;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.report.StaffingPlan;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestChannelAdapter;
import dev.switchboard.server.ReportsPage;
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
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * An admin signs in to the reports page in headless Chromium and sees charts drawn from conversations an
 * agent really handled over the last three days: routed by the router, offered to and accepted, answered
 * and resolved on the agent's desk, with the clock moved between steps so that some answers are late.
 */
class ReportsPageBrowserTest {

  static final String ADMIN_TOKEN = "reports-admin-token";
  static final String ALICE_TOKEN = "alice-token";
  // printf %s alice-token | sha256sum
  static final String ALICE_TOKEN_SHA256 = "9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc";
  /** Three days ago at 10:00 UTC, so every conversation is in the page's default range (the last 30 days). */
  static final Instant START = LocalDate.now(ZoneOffset.UTC).minusDays(3).atTime(10, 0).toInstant(ZoneOffset.UTC);

  static final MutableClock clock = new MutableClock(START);
  @TempDir static Path dir;
  static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    String yaml = """
        server: { port: 0, host: 127.0.0.1 }
        storage: { sqlite: data/reports.db, attachments: data/attachments }
        admin: { tokens: ["%s"] }
        routing:
          tiers:
            - { name: vip, firstResponse: 2m, nextResponse: 5m }
            - { name: standard, firstResponse: 15m, nextResponse: 1h }
          rules:
            - { when: { text: "(?i)urgent" }, tier: vip }
            - { tier: standard }
        agents:
          - { id: alice, name: Alice, tokenSha256: %s, tiers: [vip, standard], capacity: { email: 5 } }
        """.formatted(ADMIN_TOKEN, ALICE_TOKEN_SHA256);
    GatewayConfig config = ConfigLoader.parse(yaml, "gateway.yaml", dir, Map.of());
    gateway = Gateway.builder(config)
        .clock(clock)
        .adapters(List.of(new TestChannelAdapter(Channel.EMAIL)))
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

      // Alice was signed in and available from START on: the staffing report counts her in that hour
      java.net.http.HttpResponse<String> staffing = HttpClient.newHttpClient().send(java.net.http.HttpRequest
          .newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/reports/staffing"))
          .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      JsonNode startHour = Json.read(staffing.body()).path("hours").get(StaffingPlan.hourOfWeek(START.toEpochMilli()));
      assertThat(startHour.path("agentsPresent").asDouble()).as(startHour.toString()).isGreaterThan(0);

      try (Browser admin = Browser.open()) {
        admin.driver.get("http://localhost:" + gateway.port() + "/admin/");
        admin.driver.findElement(By.id("login-token")).sendKeys(ADMIN_TOKEN);
        admin.driver.findElement(By.id("login-submit")).click();
        admin.waiting().until(d -> d.findElement(By.id("status")).getText().startsWith("Reports from"));
        assertThat(admin.driver.findElement(By.id("login")).isDisplayed()).isFalse();

        // standard: day 1 100 %, day 2 0 %; vip: day 1 100 %, day 3 0 %; the other tier-days owe nothing
        assertThat(admin.driver.findElement(By.id("chart-sla")).getAttribute("data-points")).isEqualTo("4");
        assertThat(admin.driver.findElement(By.id("chart-frt")).getAttribute("data-series")).isEqualTo("2");
        assertThat(admin.driver.findElement(By.id("load-legend")).getText())
            .contains("alice: 4 conversations");
        assertThat(admin.driver.findElement(By.id("chart-staffing")).getAttribute("data-series")).isEqualTo("2");
        // no survey is configured here: the CSAT chart is drawn empty and says so (EmailCsatTest fills the report)
        assertThat(admin.driver.findElement(By.id("csat-summary")).getText()).isEqualTo("No answers in this range.");
        for (String chart : List.of("chart-sla", "chart-frt", "chart-load", "chart-staffing", "chart-csat")) {
          assertThat(admin.driver.findElements(By.cssSelector("#" + chart + " canvas"))).as(chart).hasSize(1);
        }
        admin.driver.manage().window().setSize(new Dimension(1366, 1000));
        admin.waiting().until(d -> d.findElements(By.cssSelector("#chart-staffing canvas")).size() == 1);
        admin.screenshot("admin-reports");
      }
    }
  }

  /** A customer writes on day {@code day}; Alice accepts the offer, answers after {@code answerAfter}, resolves. */
  private static void handle(Desk alice, String name, String text, int day, Duration answerAfter) throws Exception {
    clock.set(START.plus(Duration.ofDays(day)).plusSeconds(alice.handled * 600L));
    String id = gateway.ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email(name + "@example.org"),
            "<" + name + "@example.org>", "<" + name + "@example.org>")
        .subject(name).text(text).receivedAt(clock.instant()).build())
        .toCompletableFuture().get(10, TimeUnit.SECONDS).conversationId().value();
    alice.awaitFrame("offer", id);
    alice.send("{\"type\":\"accept\",\"conversationId\":\"" + id + "\"}");
    alice.awaitFrame("assigned", id);
    clock.advance(answerAfter);
    alice.send("{\"type\":\"reply\",\"conversationId\":\"" + id + "\",\"text\":\"On it\",\"clientId\":\"" + name + "\"}");
    alice.awaitAck(name);
    alice.send("{\"type\":\"resolve\",\"conversationId\":\"" + id + "\"}");
    await().atMost(15, TimeUnit.SECONDS).until(() -> gateway.router().agents().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).stream().noneMatch(a -> a.conversations().toString().contains(id)));
    alice.handled++;
  }

  /** Alice's desk over the real agent websocket. */
  static final class Desk implements AutoCloseable {
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    int handled;

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
