package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.GatewayExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A supervisor's console in headless Chromium shows the {@code sla_warning} of a conversation nobody has
 * answered, on a gateway whose clock the test moves past {@code routing.warnAt} of the target.
 */
class SlaWarningBrowserTest {

  static final String SUPERVISOR_TOKEN = "sam-browser-token";
  // printf %s sam-browser-token | sha256sum
  static final String SUPERVISOR_TOKEN_SHA256 = "dd36053012b44e0af6904b6e02139c68abd0ca0874403278eaedce8a15317eaa";

  static final MutableClock clock = new MutableClock(Instant.now());
  @RegisterExtension
  static final ConsoleGatewayExtension gateway = ConsoleGatewayExtension.of(GatewayExtension.yaml("""
      routing:
        warnAt: 80%%
        tiers:
          - { name: vip, firstResponse: 2m, nextResponse: 5m }
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      agents:
        - { id: sam, name: Sam, tokenSha256: %s, tiers: [vip], supervisor: true,
            capacity: { chat: 3, sms: 5, email: 10 } }
      """.formatted(SUPERVISOR_TOKEN_SHA256)).clock(clock));

  @Test
  void theSupervisorSeesAWarningForAConversationNearItsTarget() throws Exception {
    try (Browser supervisor = Browser.open()) {
      supervisor.driver.get("http://localhost:" + gateway.port() + "/agent/");
      supervisor.driver.findElement(By.id("login-token")).sendKeys(SUPERVISOR_TOKEN);
      supervisor.driver.findElement(By.id("login-submit")).click();
      supervisor.waiting().until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
      assertThat(supervisor.driver.findElement(By.id("sla-warnings-section")).isDisplayed()).isFalse();

      String id = gateway.ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email("erin@example.org"),
              "<warn-1@example.org>", "<warn-1@example.org>")
          .senderName("Erin Example").subject("Invoice").text("Where is my invoice?")
          .receivedAt(clock.instant()).build()).toCompletableFuture().get(10, TimeUnit.SECONDS)
          .conversationId().value();
      supervisor.waiting().until(d -> gateway.router().queue().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join().stream()
          .anyMatch(e -> e.conversationId().value().equals(id)));

      clock.advance(Duration.ofMinutes(12));

      supervisor.waiting().until(ExpectedConditions.visibilityOfElementLocated(
          By.cssSelector("#sla-warnings .sla-warning[data-conversation-id='" + id + "']")));
      WebElement warning = supervisor.driver.findElement(
          By.cssSelector("#sla-warnings .sla-warning[data-conversation-id='" + id + "']"));
      assertThat(warning.getText()).contains("standard").containsIgnoringCase("email").contains("waiting")
          .contains("80% of target used");
      assertThat(supervisor.driver.findElement(By.id("warning-count")).getText()).isEqualTo("1");
    }
  }
}
