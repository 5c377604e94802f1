package dev.switchboard.server.browser;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.chat.ChatChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.routing.CommandResult;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.testing.GatewayExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The chat widget on its demo page in headless Chromium: the visitor writes, the message is stored,
 * the visitor sees their place in line until the agent joins, the agent's reply (handed to the channel as the outbox does) appears live with the typing hint, and a
 * reload shows the whole conversation again.
 */
class ChatWidgetBrowserTest {

  static final ChatChannelAdapter chat = new ChatChannelAdapter();

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      channels:
        chat: { maxMessageLength: 500 }
      agents:
        - { id: alice, name: Alice, tokenSha256: "0000000000000000000000000000000000000000000000000000000000000000" }
      """).adapters(chat).build();

  @BeforeAll
  static void browserPresent() {
    Browser.assumeInstalled();
  }

  private static List<String> bubbles(Browser b) {
    return b.driver.findElements(By.cssSelector("#sbw-log .sbw-msg")).stream()
        .map(e -> e.getText()).toList();
  }

  @Test
  void visitorWritesSeesTheReplyLiveAndKeepsTheConversationAcrossAReload() throws Exception {
    try (Browser b = Browser.open()) {
      // The gateway's own origin (publicUrl left to its default): the chat allows no other outside its list.
      b.driver.get("http://localhost:" + gateway.port() + "/chat/");
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      // The widget's stylesheet loaded under the page's Content-Security-Policy (no inline styles).
      b.waiting().until(d -> d.findElement(By.id("sbw-launcher")).getCssValue("background-color")
          .equals("rgba(36, 86, 211, 1)"));
      b.driver.findElement(By.id("sbw-name")).sendKeys("Dana");
      b.driver.findElement(By.cssSelector("#sbw-intro button")).click();
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));

      WebElement input = b.driver.findElement(By.id("sbw-input"));
      input.sendKeys("Hello, my order #4411 never arrived.");
      b.driver.findElement(By.id("sbw-send")).click();
      b.waiting().until(d -> !d.findElements(By.cssSelector("#sbw-log .sbw-msg-in[data-id]")).isEmpty());
      assertThat(b.driver.findElement(By.cssSelector("#sbw-log .sbw-msg-in[data-id]")).getText())
          .contains("never arrived").contains("✓ sent");

      // Nobody is signed in: the router tells the visitor their place, with no ETA to make up.
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-queue"), "You are number 1 in line."));
      Conversation conversation = onlyChatConversation();
      // A place with an ETA, as the router publishes it when agents have a measured pace.
      gateway.events().publish(new GatewayEvent.QueuePlace(conversation.id(), 3, Optional.of(Duration.ofMinutes(4))));
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-queue"), "You are number 3 in line, about 4 minutes."));
      b.screenshot("chat-widget-queue");
      Router router = gateway.gateway().router();
      router.agentConnected("alice").toCompletableFuture().get(10, SECONDS);
      assertThat(router.accept("alice", conversation.id()).toCompletableFuture().get(10, SECONDS))
          .isInstanceOf(CommandResult.Done.class);
      b.waiting().until(d -> d.findElement(By.cssSelector("#sbw-log .sbw-note")).getText()
          .equals("Alice joined the conversation."));
      assertThat(b.driver.findElement(By.id("sbw-queue")).isDisplayed()).as("the place is hidden once an agent joins")
          .isFalse();

      Contact contact = gateway.store().contacts().find(conversation.contactId()).toCompletableFuture().get(10, SECONDS).orElseThrow();
      assertThat(contact.name()).isEqualTo("Dana");

      gateway.events().publish(new GatewayEvent.AgentTyping(conversation.id(), "alice"));
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-typing"), "Support is typing…"));

      Delivery delivery = reply(conversation, "Sorry about that, Dana. I have sent a replacement.");
      assertThat(delivery).isInstanceOfSatisfying(Delivery.Sent.class, s -> assertThat(s.delivered()).isTrue());
      b.waiting().until(d -> !d.findElements(By.cssSelector("#sbw-log .sbw-msg-out")).isEmpty());
      assertThat(b.driver.findElement(By.cssSelector("#sbw-log .sbw-msg-out")).getText())
          .contains("replacement").contains("Alice");
      b.screenshot("chat-widget-live");

      b.driver.navigate().refresh();
      b.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      b.waiting().until(d -> d.findElements(By.cssSelector("#sbw-log .sbw-msg")).size() >= 2);
      List<String> after = bubbles(b);
      assertThat(after).hasSize(2);
      assertThat(after.get(0)).contains("never arrived");
      assertThat(after.get(1)).contains("replacement");
      b.screenshot("chat-widget-after-reload");
    }
  }

  private static Conversation onlyChatConversation() throws Exception {
    List<Conversation> list = gateway.store()
        .conversations(ConversationQuery.all().channel(Channel.CHAT).limit(10)).toCompletableFuture().get(10, SECONDS);
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  /** An agent's reply: stored with its outbox row; the gateway's outbox hands it to the chat channel. */
  private static Delivery reply(Conversation c, String text) throws Exception {
    Message m = gateway.store().appendAgentMessage(c.id(), Direction.OUT, "alice", text, "r1")
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    Message done = org.awaitility.Awaitility.await().atMost(patience()).until(
        () -> gateway.store().message(m.id()).toCompletableFuture().get(10, SECONDS).orElseThrow(),
        x -> x.delivery() == DeliveryStatus.SENT || x.delivery() == DeliveryStatus.DELIVERED
            || x.delivery() == DeliveryStatus.FAILED || x.delivery() == DeliveryStatus.DEAD);
    return done.delivery() == DeliveryStatus.SENT || done.delivery() == DeliveryStatus.DELIVERED
        ? new Delivery.Sent(done.externalId(), done.delivery() == DeliveryStatus.DELIVERED)
        : new Delivery.Failed("failed", String.valueOf(done.deliveryDetail()));
  }

  static Duration patience() {
    return Duration.ofSeconds(15);
  }
}
