package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A supervisor sees an open incident in the console's sidebar, posts an update from it (stored as a message
 * in the linked conversation) and resolves it (it leaves the list; the conversation is resolved).
 */
class IncidentBrowserTest {

  @RegisterExtension
  static final ConsoleGatewayExtension gateway = ConsoleGatewayExtension.of(GatewayExtension.yaml(
      ConsoleGatewayExtension.STANDARD_ROUTING + """
      admin: { tokens: ["admin-token"] }
      agents:
        - { id: alice, name: Alice, tokenSha256: %s, tiers: [standard], supervisor: true, capacity: { email: 10 } }
      """.formatted(AgentConsoleBrowserTest.AGENT_TOKEN_SHA256)));

  @Test
  void aSupervisorPostsAnUpdateAndResolvesAnIncidentFromTheSidebar() throws Exception {
    ConversationId id = gateway.ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email("ivy@example.org"),
            "<incident-1@example.org>", "<incident-1@example.org>")
        .senderName("Ivy Example").subject("Cannot log in").text("Login is broken since this morning.")
        .receivedAt(Instant.now()).build()).toCompletableFuture().get(10, TimeUnit.SECONDS).conversationId();
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.port() + "/api/incidents"))
        .header("Authorization", "Bearer admin-token").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Login outage\",\"text\":\"We know login is broken.\","
            + "\"match\":{\"text\":\"(?i)login is broken\"}}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    try (Browser alice = Browser.open()) {
      alice.signInToConsole("http://localhost:" + gateway.port() + "/agent/", AgentConsoleBrowserTest.AGENT_TOKEN);
      alice.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("incidents-section")));
      alice.waiting().until(d -> d.findElements(By.cssSelector("#incidents .incident")).stream()
          .anyMatch(i -> i.getText().contains("Login outage") && i.getText().contains("1 waiting")));
      alice.screenshot("agent-console-incidents");

      WebElement item = alice.driver.findElement(By.cssSelector("#incidents .incident"));
      item.findElement(By.cssSelector(".incident-text")).sendKeys("A fix is rolling out.");
      item.findElement(By.cssSelector(".incident-post")).click();
      alice.waiting().until(d -> messages(id, "A fix is rolling out.") == 1);

      // Read again inside the wait: the list is redrawn when the incidents frame answers.
      alice.waiting().until(d -> {
        WebElement again = d.findElement(By.cssSelector("#incidents .incident"));
        again.findElement(By.cssSelector(".incident-text")).sendKeys("Fixed.");
        again.findElement(By.cssSelector(".incident-resolve")).click();
        return true;
      });
      alice.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#incidents .incident"), 0));
      alice.waiting().until(d -> messages(id, "Fixed.") == 1);
      assertThat(gateway.store().conversation(id).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow()
          .status().key()).isEqualTo("resolved");
    }
  }

  private static long messages(ConversationId id, String text) {
    try {
      return gateway.store().messages(id).toCompletableFuture().get(10, TimeUnit.SECONDS).stream()
          .filter(m -> m.direction() == Direction.OUT && m.text().equals(text)).count();
    } catch (Exception e) {
      return -1;
    }
  }
}
