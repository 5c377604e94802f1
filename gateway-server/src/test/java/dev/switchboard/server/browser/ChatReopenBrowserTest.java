package dev.switchboard.server.browser;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.chat.ChatChannelAdapter;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.server.ops.JsonSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The continuity link in headless Chromium: a browser that never held the visitor's token opens
 * {@code /chat/?reopen=…}, sees the chat's history, writes into the same conversation, and keeps it after a
 * reload (the link is gone from the address, the signed token stays); an expired link says so and the
 * widget goes on as a new visitor.
 */
class ChatReopenBrowserTest {

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      channels:
        chat: { allowedOrigins: ["https://first-device.example"] }
      agents:
        - { id: alice, name: Alice, tokenSha256: "0000000000000000000000000000000000000000000000000000000000000000" }
      """).adapters(new ChatChannelAdapter()).build();

  @BeforeAll
  static void browserPresent() {
    Browser.assumeInstalled();
  }

  private static String page() {
    return "http://localhost:" + gateway.port() + "/chat/";
  }

  private static List<String> bubbles(Browser b) {
    return b.driver.findElements(By.cssSelector("#sbw-log .sbw-msg")).stream().map(e -> e.getText()).toList();
  }

  /** A chat begun on the "first device" (a websocket), with the agent's answer; returns the conversation. */
  private static ConversationId chatElsewhere(String text, String answer) throws Exception {
    JsonSocket first = JsonSocket.open(gateway.wsUri("/chat/ws"), "https://first-device.example");
    first.send(JsonSocket.frame("hello"));
    first.next("welcome");
    first.send(JsonSocket.frame("message").put("text", text).put("clientId", "c1"));
    ConversationId id = new ConversationId(first.next("ack").path("conversationId").asText());
    first.close();
    gateway.store().appendAgentMessage(id, Direction.OUT, "alice", answer, UUID.randomUUID().toString())
        .toCompletableFuture().get(10, SECONDS);
    return id;
  }

  private static String visitorOf(ConversationId id) throws Exception {
    return gateway.store().conversation(id).toCompletableFuture().get(10, SECONDS).orElseThrow().threadKey();
  }

  @Test
  void theLinkOpensTheSameChatInABrowserThatNeverHeldItsToken() throws Exception {
    ConversationId chat = chatElsewhere("My router blinks red.", "Please unplug it for ten seconds.");
    String token = gateway.gateway().chatReopenLinks().token(visitorOf(chat), Duration.ofHours(1));
    try (Browser b = Browser.open()) {
      b.driver.get(page() + "?reopen=" + token);
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      b.waiting().until(d -> String.join("\n", bubbles(b)).contains("Please unplug it for ten seconds."));
      assertThat(String.join("\n", bubbles(b))).contains("My router blinks red.");
      b.waiting().until(d -> !d.getCurrentUrl().contains("reopen="));

      b.driver.findElement(By.id("sbw-input")).sendKeys("Done, it is green now.");
      b.driver.findElement(By.id("sbw-send")).click();
      b.waiting().until(d -> messages(chat).stream().anyMatch(m -> m.text().equals("Done, it is green now.")));
      b.screenshot("chat-reopened");

      b.driver.navigate().refresh(); // no link now: the stored signed token opens the same chat
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      b.waiting().until(d -> String.join("\n", bubbles(b)).contains("Done, it is green now."));
      assertThat(String.join("\n", bubbles(b))).contains("My router blinks red.", "Please unplug it for ten seconds.");
    }
  }

  @Test
  void anExpiredLinkIsRefusedWithAReasonAndTheWidgetStartsANewChat() throws Exception {
    ConversationId chat = chatElsewhere("Where is invoice 5521?", "Invoice 5521 is in your account.");
    String expired = gateway.gateway().chatReopenLinks().token(visitorOf(chat), Duration.ofMinutes(-1));
    try (Browser b = Browser.open()) {
      b.driver.get(page() + "?reopen=" + expired);
      b.waiting().until(d -> d.findElements(By.cssSelector("#sbw-log .sbw-note")).stream()
          .anyMatch(n -> n.getText().contains("has expired")));
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      assertThat(String.join("\n", bubbles(b))).doesNotContain("5521");
      assertThat(b.driver.getCurrentUrl()).doesNotContain("reopen=");
    }
  }

  private static List<Message> messages(ConversationId id) {
    try {
      return gateway.store().messages(id).toCompletableFuture().get(10, SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
