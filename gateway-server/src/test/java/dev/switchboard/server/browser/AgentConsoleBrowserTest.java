package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.chat.ChatChannelAdapter;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The whole chat path in two headless Chromium windows: a customer writes on the demo page, the agent
 * console gets the offer, the agent accepts and replies, the customer sees the reply, reloads, and still
 * sees the whole conversation. Every part is real: router, desk, outbox, chat channel, SQLite.
 */
class AgentConsoleBrowserTest {

  static final String AGENT_TOKEN = "alice-browser-token";
  // printf %s alice-browser-token | sha256sum
  static final String AGENT_TOKEN_SHA256 = "56a13b9fed606ff2f4b07e66db33547cd83e34c680da5d215bb873a57aaae854";

  @RegisterExtension
  static final ConsoleGatewayExtension gateway = ConsoleGatewayExtension.of(GatewayExtension.yaml("""
      channels:
        chat: {}
      routing:
        offerTimeout: 2m
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      agents:
        - { id: alice, name: Alice, tokenSha256: %s, tiers: [standard], capacity: { chat: 3, sms: 5, email: 10 } }
      cannedReplies:
        - { id: greet, title: Greeting, channels: [chat],
            text: "Hi {contact.name}, {agent.name} here. Your reference is {conversation.ref}." }
        - { id: goodbye, title: Goodbye, text: "Glad I could help. Bye!" }
        - { id: refund, title: Refund policy, text: "Refunds take 5 days.", channels: [email] }
      """.formatted(AGENT_TOKEN_SHA256)).adapters(new ChatChannelAdapter()));

  /** Signs the agent in on the console and makes them available. */
  static void signIn(Browser agent) {
    agent.signInToConsole(gateway.url("/agent/"), AGENT_TOKEN);
    assertThat(agent.driver.findElement(By.id("agent-name")).getText()).isEqualTo("alice");
    assertThat(agent.driver.findElement(By.id("login")).isDisplayed()).isFalse();
    agent.setAvailable(true);
  }

  @Test
  void aWrongTokenIsRefusedAndAnEmailConversationIsWorkedInTheSameConsole() throws Exception {
    try (Browser agent = Browser.open()) {
      agent.driver.get(gateway.url("/agent/"));
      agent.driver.findElement(By.id("login-token")).sendKeys("not-a-token");
      agent.driver.findElement(By.id("login-submit")).click();
      agent.waiting().until(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
      assertThat(agent.driver.findElement(By.id("desk")).isDisplayed()).isFalse();

      signIn(agent);
      gateway.ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email("erin@example.org"),
              "<browser-1@example.org>", "<browser-1@example.org>")
          .senderName("Erin Example").subject("Refund for order 7781").text("Please refund order 7781.")
          .receivedAt(Instant.now()).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);

      agent.waiting().until(d -> d.findElements(By.cssSelector("#offers .offer")).stream()
          .anyMatch(o -> o.getText().contains("Erin Example")));
      WebElement offer = agent.driver.findElements(By.cssSelector("#offers .offer")).stream()
          .filter(o -> o.getText().contains("Erin Example")).findFirst().orElseThrow();
      assertThat(offer.getText()).containsIgnoringCase("email").contains("Please refund");
      offer.findElement(By.cssSelector(".offer-accept")).click();

      agent.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread-title"), "Refund for order 7781"));
      assertThat(agent.driver.findElement(By.id("composer-hint")).getText()).contains("e-mail");
      assertThat(agent.driver.findElement(By.id("profile-body")).getText()).contains("erin@example.org");

      agent.driver.findElement(By.id("composer-text")).sendKeys("Checked with billing: refund is due.");
      agent.driver.findElement(By.id("send-note")).click();
      agent.waiting().until(d -> d.findElements(By.cssSelector("#messages .msg.note[data-id]")).stream()
          .anyMatch(m -> m.getText().contains("refund is due") && m.getText().contains("internal note")));

      agent.driver.findElement(By.id("resolve")).click();
      agent.waiting().until(d -> d.findElements(By.cssSelector("#conversations .conv-item")).stream()
          .noneMatch(c -> c.getText().contains("Erin Example")));
    }
  }

  @Test
  void slashInTheReplyBoxOffersCannedRepliesAndThePickedOneReachesTheCustomerFilledIn() throws Exception {
    try (Browser agent = Browser.open(); Browser customer = Browser.open()) {
      signIn(agent);
      customer.driver.get(gateway.url("/chat/"));
      customer.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      customer.driver.findElement(By.id("sbw-input")).sendKeys("Is anyone there? Order 5512.");
      customer.driver.findElement(By.id("sbw-send")).click();

      agent.waiting().until(d -> d.findElements(By.cssSelector("#offers .offer")).stream()
          .anyMatch(o -> o.getText().contains("Order 5512")));
      agent.driver.findElements(By.cssSelector("#offers .offer")).stream()
          .filter(o -> o.getText().contains("Order 5512")).findFirst().orElseThrow()
          .findElement(By.cssSelector(".offer-accept")).click();
      agent.waiting().until(d -> d.findElements(By.cssSelector("#messages .msg.in")).stream()
          .anyMatch(m -> m.getText().contains("Order 5512")));

      // "/" lists the replies for a chat conversation (not the e-mail-only one); typed letters filter them.
      WebElement box = agent.driver.findElement(By.id("composer-text"));
      box.sendKeys("/");
      agent.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("canned-replies")));
      assertThat(agent.driver.findElements(By.cssSelector("#canned-replies li")).stream()
          .map(li -> li.getAttribute("data-id")).toList()).containsExactly("greet", "goodbye");
      box.sendKeys("gre");
      agent.waiting().until(d -> d.findElements(By.cssSelector("#canned-replies li")).size() == 1);
      assertThat(agent.driver.findElement(By.cssSelector("#canned-replies li")).getText()).contains("Greeting");
      agent.screenshot("agent-console-canned-replies");
      box.sendKeys(org.openqa.selenium.Keys.ENTER);

      // The server fills in the placeholders: a chat visitor has no name, so "there".
      agent.waiting().until(d -> d.findElement(By.id("composer-text")).getAttribute("value").startsWith("Hi there"));
      String text = agent.driver.findElement(By.id("composer-text")).getAttribute("value");
      assertThat(text).matches("Hi there, Alice here\\. Your reference is [A-Z0-9]+\\.");
      assertThat(agent.driver.findElement(By.id("canned-replies")).isDisplayed()).isFalse();
      agent.driver.findElement(By.id("send-reply")).click();

      customer.waiting().until(d -> d.findElements(By.cssSelector("#sbw-log .sbw-msg-out")).stream()
          .anyMatch(m -> m.getText().contains(text)));
    }
  }

  @Test
  void customerWritesAgentAcceptsAndRepliesCustomerSeesItAndAfterAReloadTheWholeConversation() throws Exception {
    try (Browser agent = Browser.open(); Browser customer = Browser.open()) {
      signIn(agent);

      // The customer writes on the demo page.
      customer.driver.get(gateway.url("/chat/"));
      customer.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      customer.driver.findElement(By.id("sbw-input")).sendKeys("Hi, I cannot log in to my account.");
      customer.driver.findElement(By.id("sbw-send")).click();
      customer.waiting().until(d -> !d.findElements(By.cssSelector("#sbw-log .sbw-msg-in[data-id]")).isEmpty());

      // The console gets the offer; the agent accepts it.
      agent.waiting().until(d -> !d.findElements(By.cssSelector("#offers .offer")).isEmpty());
      WebElement offer = agent.driver.findElement(By.cssSelector("#offers .offer"));
      assertThat(offer.getText()).contains("cannot log in").containsIgnoringCase("chat");
      assertThat(offer.findElement(By.cssSelector(".countdown")).getText()).startsWith("expires in");
      offer.findElement(By.cssSelector(".offer-accept")).click();
      agent.waiting().until(d -> d.findElements(By.cssSelector("#messages .msg.in")).stream()
          .anyMatch(m -> m.getText().contains("cannot log in")));
      WebElement mine = agent.driver.findElement(By.cssSelector("#conversations .conv-item[aria-current='true']"));
      assertThat(mine.getText()).contains("CHAT").contains("standard");
      assertThat(mine.findElement(By.cssSelector(".sla")).getText()).startsWith("reply due in");

      // The agent replies; the reply is delivered to the open widget.
      agent.driver.findElement(By.id("composer-text")).sendKeys("Hello! I have reset your password link; try again now.");
      agent.driver.findElement(By.id("send-reply")).click();
      customer.waiting().until(d -> d.findElements(By.cssSelector("#sbw-log .sbw-msg-out")).stream()
          .anyMatch(m -> m.getText().contains("reset your password")));
      agent.waiting().until(d -> d.findElements(By.cssSelector("#messages .msg.out[data-delivery]")).stream()
          .anyMatch(m -> m.getText().contains("reset your password")
              && List.of("sent", "delivered").contains(m.getAttribute("data-delivery"))));
      agent.screenshot("agent-console");
      customer.screenshot("chat-demo-page");

      // A reload keeps the whole conversation.
      customer.driver.navigate().refresh();
      customer.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      customer.waiting().until(d -> d.findElements(By.cssSelector("#sbw-log .sbw-msg")).stream()
          .anyMatch(m -> m.getText().contains("reset your password")));
      List<String> texts = customer.driver.findElements(By.cssSelector("#sbw-log .sbw-msg")).stream()
          .map(WebElement::getText).toList();
      assertThat(String.join("\n", texts)).contains("cannot log in").contains("reset your password");
      assertThat(texts.indexOf(texts.stream().filter(t -> t.contains("cannot log in")).findFirst().orElseThrow()))
          .isLessThan(texts.indexOf(texts.stream().filter(t -> t.contains("reset your password")).findFirst().orElseThrow()));
      customer.screenshot("chat-demo-page-after-reload");
    }
  }
}
