package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * An agent schedules a follow-up from the console: the reply box's text for a time picked beside "Follow
 * up", listed in the sidebar, and cancelled from there; the store holds it as cancelled.
 */
class FollowUpBrowserTest {

  @RegisterExtension
  static final ConsoleGatewayExtension gateway = ConsoleGatewayExtension.of(GatewayExtension.yaml(
      ConsoleGatewayExtension.STANDARD_ROUTING + """
      agents:
        - { id: alice, name: Alice, tokenSha256: %s, tiers: [standard], capacity: { email: 10 } }
      """.formatted(AgentConsoleBrowserTest.AGENT_TOKEN_SHA256)));

  @Test
  void anAgentSchedulesAFollowUpSeesItListedAndCancelsIt() throws Exception {
    try (Browser agent = Browser.open()) {
      agent.signInToConsole("http://localhost:" + gateway.port() + "/agent/", AgentConsoleBrowserTest.AGENT_TOKEN);
      agent.waiting().until(ExpectedConditions.textToBe(By.id("agent-name"), "alice"));
      agent.setAvailable(true);

      gateway.ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email("fay@example.org"),
              "<follow-1@example.org>", "<follow-1@example.org>")
          .senderName("Fay Example").subject("Router keeps rebooting").text("It rebooted three times today.")
          .receivedAt(Instant.now()).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      agent.waiting().until(d -> d.findElements(By.cssSelector("#offers .offer")).stream()
          .anyMatch(o -> o.getText().contains("Fay Example")));
      agent.driver.findElement(By.cssSelector("#offers .offer .offer-accept")).click();
      agent.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread-title"),
          "Router keeps rebooting"));

      agent.driver.findElement(By.id("composer-text")).sendKeys("Did the firmware update stop the reboots?");
      // A day ahead, in the picker's local format.
      ((JavascriptExecutor) agent.driver).executeScript("const t = new Date(Date.now() + 86400000);"
          + "t.setMinutes(t.getMinutes() - t.getTimezoneOffset());"
          + "document.getElementById('follow-up-at').value = t.toISOString().slice(0, 16);");
      agent.driver.findElement(By.id("follow-up")).click();

      agent.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("follow-ups-section")));
      WebElement item = agent.driver.findElement(By.cssSelector("#follow-ups .follow-up"));
      assertThat(item.getText()).contains("Did the firmware update stop the reboots?");
      assertThat(agent.driver.findElement(By.id("composer-text")).getAttribute("value")).isEmpty();
      String id = item.getAttribute("data-follow-up-id");
      agent.screenshot("agent-console-follow-up");

      item.findElement(By.cssSelector(".follow-up-cancel")).click();
      agent.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("follow-ups-section")));
      FollowUp stored = gateway.store().followUps().find(id).toCompletableFuture().get(10, TimeUnit.SECONDS)
          .orElseThrow();
      assertThat(stored.status()).isEqualTo(FollowUp.Status.CANCELLED);
      assertThat(stored.text()).isEqualTo("Did the firmware update stop the reboots?");
    }
  }
}
