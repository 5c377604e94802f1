package dev.switchboard.server.browser;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatChannelAdapter;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.routing.CommandResult;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.testing.GatewayExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The widget's satisfaction card in headless Chromium: a visitor chats, the agent (signed in on a real desk
 * websocket) resolves, the card with 1 to 5 and a comment box appears after the configured delay, the
 * visitor's score and comment are stored (the CSAT report and the agent's {@code csat} frame), and the card
 * offers no second answer.
 */
class ChatCsatBrowserTest {

  static final ChatChannelAdapter chat = new ChatChannelAdapter();

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      channels:
        chat: { maxMessageLength: 500 }
      admin: { tokens: ["%s"] }
      csat: { enabled: true, question: "How did we do?", channels: [chat], delay: 1s, window: 1d }
      agents:
        - { id: alice, name: Alice, tokenSha256: %s }
      """.formatted(ReportsPageBrowserTest.ADMIN_TOKEN, ReportsPageBrowserTest.ALICE_TOKEN_SHA256))
      .adapters(chat).build();

  @BeforeAll
  static void browserPresent() {
    Browser.assumeInstalled();
  }

  @Test
  void theVisitorRatesOnceAfterTheResolutionAndTheAgentSeesTheScore() throws Exception {
    try (Browser b = Browser.open();
         ReportsPageBrowserTest.Desk alice = ReportsPageBrowserTest.Desk.signIn(gateway.port(), ReportsPageBrowserTest.ALICE_TOKEN)) {
      b.driver.get("http://localhost:" + gateway.port() + "/chat/");
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      b.driver.findElement(By.id("sbw-name")).sendKeys("Dana");
      b.driver.findElement(By.cssSelector("#sbw-intro button")).click();
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      b.driver.findElement(By.id("sbw-input")).sendKeys("My parcel is late.");
      b.driver.findElement(By.id("sbw-send")).click();
      b.waiting().until(d -> !d.findElements(By.cssSelector("#sbw-log .sbw-msg-in[data-id]")).isEmpty());

      Conversation conversation = onlyChatConversation();
      String id = conversation.id().value();
      Router router = gateway.gateway().router();
      assertThat(router.accept("alice", conversation.id()).toCompletableFuture().get(10, SECONDS))
          .isInstanceOf(CommandResult.Done.class);
      assertThat(csatReport().path("count").asInt()).isZero();
      assertThat(router.resolve("alice", conversation.id()).toCompletableFuture().get(10, SECONDS))
          .isInstanceOf(CommandResult.Done.class);

      // The scheduler asks once the one-second delay passed; the widget draws the card for this conversation.
      b.waiting().until(d -> d.findElements(By.cssSelector("form.sbw-csat[data-conversation='" + id + "'] .sbw-csat-score"))
          .size() == 5);
      assertThat(b.driver.findElement(By.cssSelector(".sbw-csat-q")).getText()).isEqualTo("How did we do?");
      assertThat(b.driver.findElement(By.cssSelector(".sbw-csat-send")).isEnabled()).as("no score chosen yet").isFalse();
      b.waiting().until(d -> {
        d.findElement(By.cssSelector(".sbw-csat-score[data-score='4']")).click();
        return d.findElement(By.cssSelector(".sbw-csat-send")).isEnabled();
      });
      b.driver.findElement(By.cssSelector(".sbw-csat-comment")).sendKeys("Quick, thanks.");
      b.screenshot("chat-widget-csat");
      b.driver.findElement(By.cssSelector(".sbw-csat-send")).click();

      b.waiting().until(d -> d.findElements(By.cssSelector(".sbw-csat-thanks")).size() == 1);
      assertThat(b.driver.findElement(By.cssSelector(".sbw-csat-thanks")).getText()).isEqualTo("Thank you for your feedback!");
      assertThat(b.driver.findElements(By.cssSelector(".sbw-csat-score"))).as("no second answer").isEmpty();
      b.screenshot("chat-widget-csat-thanks");

      alice.awaitFrame("csat", id);
      JsonNode frame = alice.frames.stream()
          .filter(f -> f.path("type").asText().equals("csat") && f.path("conversationId").asText().equals(id))
          .findFirst().orElseThrow();
      assertThat(frame.path("csat").path("score").asInt()).isEqualTo(4);
      assertThat(frame.path("csat").path("comment").asText()).isEqualTo("Quick, thanks.");
      assertThat(frame.path("csat").path("channel").asText()).isEqualTo("chat");

      JsonNode report = csatReport();
      assertThat(report.path("count").asInt()).isEqualTo(1);
      assertThat(report.path("mean").asDouble()).isEqualTo(4.0);
      assertThat(report.path("distribution").path("4").asInt()).isEqualTo(1);

      // After a reload the answered survey is not offered again.
      b.driver.navigate().refresh();
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      b.waiting().until(d -> !d.findElements(By.cssSelector("#sbw-log .sbw-msg")).isEmpty());
      assertThat(b.driver.findElements(By.cssSelector(".sbw-csat-score"))).isEmpty();
      assertThat(csatReport().path("count").asInt()).isEqualTo(1);
    }
  }

  private static JsonNode csatReport() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest
        .newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/reports/csat"))
        .header("Authorization", "Bearer " + ReportsPageBrowserTest.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.read(r.body());
  }

  private static Conversation onlyChatConversation() throws Exception {
    List<Conversation> list = gateway.store()
        .conversations(ConversationQuery.all().channel(Channel.CHAT).limit(10)).toCompletableFuture().get(10, SECONDS);
    assertThat(list).hasSize(1);
    return list.get(0);
  }
}
