package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A supervisor's team view in headless Chromium: the waiting conversation in its tier with its waiting
 * time and deadline, the agents online with presence and load; the supervisor assigns it to an agent who
 * is away, and the agent's console receives it. The agent's transfer menu lists the configured tiers and
 * the agents online, with no free-text entry.
 */
class SupervisorAssignBrowserTest {

  static final String AGENT_TOKEN = "bob-browser-token";
  // printf %s bob-browser-token | sha256sum
  static final String AGENT_TOKEN_SHA256 = "56747a9a3863e0495623d3b7c6625cdbb1675fb772c0d2122c189e96263a5eee";
  static final String SUPERVISOR_TOKEN = "sam-browser-token";
  // printf %s sam-browser-token | sha256sum
  static final String SUPERVISOR_TOKEN_SHA256 = "dd36053012b44e0af6904b6e02139c68abd0ca0874403278eaedce8a15317eaa";

  @RegisterExtension
  static final ConsoleGatewayExtension gateway = ConsoleGatewayExtension.of(GatewayExtension.yaml("""
      routing:
        tiers:
          - { name: vip, firstResponse: 2m, nextResponse: 5m }
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      agents:
        - { id: bob, name: Bob, tokenSha256: %s, tiers: [standard], capacity: { chat: 3, sms: 5, email: 10 } }
        - { id: sam, name: Sam, tokenSha256: %s, tiers: [vip], supervisor: true, capacity: { chat: 3, sms: 5, email: 10 } }
      """.formatted(AGENT_TOKEN_SHA256, SUPERVISOR_TOKEN_SHA256)));

  static void signIn(Browser b, String token) {
    b.signInToConsole("http://localhost:" + gateway.port() + "/agent/", token);
  }

  @Test
  void aSupervisorAssignsAWaitingConversationAndTheAgentReceivesIt() throws Exception {
    try (Browser agent = Browser.open(); Browser supervisor = Browser.open()) {
      signIn(agent, AGENT_TOKEN);
      agent.setAvailable(false); // away: nothing is offered to Bob, so the conversation waits
      assertThat(agent.driver.findElement(By.id("team-toggle")).isDisplayed()).isFalse();

      String id = gateway.ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email("erin@example.org"),
              "<assign-1@example.org>", "<assign-1@example.org>")
          .senderName("Erin Example").subject("Invoice missing").text("I never got invoice 5521.")
          .receivedAt(Instant.now()).build()).toCompletableFuture().get(10, TimeUnit.SECONDS)
          .conversationId().value();

      signIn(supervisor, SUPERVISOR_TOKEN);
      supervisor.driver.findElement(By.id("team-toggle")).click();
      By entry = By.cssSelector(".queue-tier[data-tier='standard'] .queue-entry[data-conversation-id='" + id + "']");
      supervisor.waiting().until(ExpectedConditions.visibilityOfElementLocated(entry));
      // The team view is redrawn by every team or queue frame (about once a second): read and click inside
      // waits, which try again on the redrawn element.
      supervisor.waiting().until(d -> {
        String t = d.findElement(entry).getText();
        return t.toLowerCase(java.util.Locale.ROOT).contains("email") && t.contains("waiting")
            && t.contains("reply due in") && t.contains("not offered");
      });
      By bobRow = By.cssSelector("#team-agents .team-agent[data-agent-id='bob']");
      supervisor.waiting().until(d -> {
        String t = d.findElement(bobRow).getText();
        return t.contains("away") && t.contains("Bob") && t.contains("email 0/10");
      });
      supervisor.screenshot("supervisor-team-view");

      // The picked agent is kept across a redraw, so a click that lands on a redrawn entry still assigns Bob.
      supervisor.waiting().until(d -> {
        new Select(d.findElement(entry).findElement(By.cssSelector("select.assign-to"))).selectByValue("bob");
        d.findElement(entry).findElement(By.cssSelector("button.assign")).click();
        return true;
      });

      // Bob's console gets it as his own, opened, with the customer's message.
      agent.waiting().until(d -> d.findElements(By.cssSelector("#conversations .conv-item[data-conversation-id='" + id + "']"))
          .size() == 1);
      agent.waiting().until(d -> d.findElements(By.cssSelector("#messages .msg.in")).stream()
          .anyMatch(m -> m.getText().contains("invoice 5521")));
      assertThat(agent.driver.findElement(By.id("thread-title")).getText()).contains("Invoice missing");

      // The supervisor's queue no longer has it, and Bob's load shows it.
      supervisor.waiting().until(ExpectedConditions.invisibilityOfElementLocated(entry));
      supervisor.waiting().until(d -> d.findElement(bobRow).getText().contains("email 1/10"));

      // Bob's transfer menu: the configured tiers and the agents online, nothing to type.
      List<String> expected = List.of("", "tier:vip", "tier:standard", "agent:sam");
      agent.waiting().until(d -> new Select(d.findElement(By.id("transfer-to"))).getOptions().stream()
          .map(o -> o.getAttribute("value")).toList().equals(expected));
      agent.screenshot("agent-after-supervisor-assign");
    }
  }
}
