package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Search and tags in the agent console, in headless Chromium against a real gateway: the agent finds a
 * conversation by a word of its first message and opens it from the results; on a conversation they
 * work, they add a tag and remove it again.
 */
class SearchBrowserTest {

  static final String AGENT_TOKEN = "alice-browser-token";
  // printf %s alice-browser-token | sha256sum
  static final String AGENT_TOKEN_SHA256 = "56a13b9fed606ff2f4b07e66db33547cd83e34c680da5d215bb873a57aaae854";

  @RegisterExtension
  static final ConsoleGatewayExtension gateway = ConsoleGatewayExtension.of(GatewayExtension.yaml("""
      routing:
        offerTimeout: 2m
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      agents:
        - { id: alice, name: Alice, tokenSha256: %s, tiers: [standard], capacity: { sms: 5, email: 10 } }
      """.formatted(AGENT_TOKEN_SHA256)));

  /** An e-mail, returned once the router has classified it (a tier is what an agent's search scope reads). */
  static ConversationId mail(String from, String name, String subject, String text) throws Exception {
    String id = "<" + System.nanoTime() + "@example.org>";
    ConversationId c = gateway.ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email(from), id, id)
        .senderName(name).subject(subject).text(text).receivedAt(Instant.now()).build())
        .toCompletableFuture().get(10, TimeUnit.SECONDS).conversationId();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gateway.store().conversation(c)
        .toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow().tier() != null);
    return c;
  }

  static void signIn(Browser agent) {
    agent.signInToConsole(gateway.url("/agent/"), AGENT_TOKEN);
  }

  @Test
  void findsAConversationByAWordOfItsFirstMessageAndOpensIt() throws Exception {
    ConversationId found = mail("quinn@example.org", "Quinn Example", "Screen question",
        "My new phone arrived with a cracked quokkascreen, can you replace it?");
    mail("other@example.org", "Other Person", "Unrelated", "Nothing to see here.");
    try (Browser agent = Browser.open()) {
      signIn(agent);
      agent.driver.findElement(By.id("search-q")).sendKeys("quokkascreen");
      agent.driver.findElement(By.id("search-go")).click();

      agent.waiting().until(d -> d.findElements(By.cssSelector("#search-results .search-result")).size() == 1);
      WebElement result = agent.driver.findElement(By.cssSelector("#search-results .search-result"));
      assertThat(result.getAttribute("data-conversation-id")).isEqualTo(found.value());
      assertThat(result.getText()).contains("email").contains("Quinn Example").contains("cracked quokkascreen");
      assertThat(result.findElement(By.cssSelector("mark")).getText()).isEqualTo("quokkascreen");
      agent.screenshot("agent-console-search");

      result.findElement(By.tagName("button")).click();
      agent.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread-title"), "Screen question"));
      agent.waiting().until(d -> d.findElements(By.cssSelector("#messages .msg.in")).stream()
          .anyMatch(m -> m.getText().contains("cracked quokkascreen")));
      assertThat(agent.driver.findElement(By.id("thread-meta")).getText()).contains("read only");
      assertThat(agent.driver.findElement(By.id("profile-body")).getText()).contains("quinn@example.org");

      agent.driver.findElement(By.id("search-q")).clear();
      agent.driver.findElement(By.id("search-q")).sendKeys("nosuchwordanywhere");
      agent.driver.findElement(By.id("search-go")).click();
      agent.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-results"), "Nothing found"));
    }
  }

  @Test
  void theAgentAddsAndRemovesATagOnAConversationTheyWork() throws Exception {
    try (Browser agent = Browser.open()) {
      signIn(agent);
      agent.setAvailable(true);
      mail("tess@example.org", "Tess Tagger", "Invoice copy", "Please send my invoice again.");
      agent.waiting().until(d -> d.findElements(By.cssSelector("#offers .offer")).stream()
          .anyMatch(o -> o.getText().contains("Tess Tagger")));
      agent.driver.findElements(By.cssSelector("#offers .offer")).stream()
          .filter(o -> o.getText().contains("Tess Tagger")).findFirst().orElseThrow()
          .findElement(By.cssSelector(".offer-accept")).click();
      agent.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread-title"), "Invoice copy"));

      agent.driver.findElement(By.id("tag-input")).sendKeys("Billing");
      agent.driver.findElement(By.id("tag-add")).click();
      agent.waiting().until(d -> !d.findElements(By.cssSelector("#tags .tag[data-tag='billing']")).isEmpty());
      agent.screenshot("agent-console-tags");

      // The chips are redrawn when the conversation changes (the retag itself comes back as an update): a
      // click on a chip replaced meanwhile is tried again on the new one.
      agent.waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
        List<WebElement> remove = d.findElements(By.cssSelector("#tags .tag[data-tag='billing'] .tag-remove"));
        if (!remove.isEmpty()) {
          remove.get(0).click();
        }
        return d.findElements(By.cssSelector("#tags .tag")).isEmpty();
      });
    }
  }
}
