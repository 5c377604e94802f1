package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.Gateway;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import dev.switchboard.server.AgentConsole;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A supervisor in headless Chromium works an SMS conversation, finds the customer's e-mail contact from
 * the contact panel, merges it in, and then sees the e-mail conversation beside the SMS one and reads it.
 */
class ContactMergeBrowserTest {

  static final String TOKEN = "sam-browser-token";

  @TempDir static Path dir;
  static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    String yaml = """
        server: { port: 0, host: 127.0.0.1 }
        storage: { sqlite: data/browser.db, attachments: data/attachments }
        routing:
          offerTimeout: 2m
          tiers:
            - { name: standard, firstResponse: 15m, nextResponse: 1h }
          rules:
            - { tier: standard }
        agents:
          - { id: sam, name: Sam, tokenSha256: %s, tiers: [standard], supervisor: true,
              capacity: { sms: 5, email: 10 } }
        """.formatted(sha256(TOKEN));
    GatewayConfig config = ConfigLoader.parse(yaml, "gateway.yaml", dir, Map.of());
    gateway = Gateway.builder(config).routes(AgentConsole::mount).build().start();
  }

  static String sha256(String token) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  static String url(String path) {
    return "http://localhost:" + gateway.port() + path;
  }

  @Test
  void mergesAnSmsContactWithAnEmailContactAndSeesBothHistories() throws Exception {
    gateway.ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email("nora@example.org"),
            "<merge-1@example.org>", "<merge-1@example.org>")
        .senderName("Nora North").subject("Invoice 4410 twice").text("You charged invoice 4410 twice.")
        .receivedAt(Instant.now()).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (Browser sam = Browser.open()) {
      sam.driver.get(url("/agent/"));
      sam.driver.findElement(By.id("login-token")).sendKeys(TOKEN);
      sam.driver.findElement(By.id("login-submit")).click();
      sam.waiting().until(ExpectedConditions.textToBe(By.id("connection"), "Connected"));
      WebElement presence = sam.driver.findElement(By.id("presence-toggle"));
      if (!"true".equals(presence.getAttribute("aria-pressed"))) {
        presence.click();
      }
      gateway.ingest().accept(InboundMessage.builder(Channel.SMS, Identity.phone("+15557770001"), "SMmerge1",
              "+15550001111|+15557770001").text("Did you see my mail about the double charge?")
          .receivedAt(Instant.now()).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      sam.waiting().until(d -> d.findElements(By.cssSelector("#offers .offer")).stream()
          .anyMatch(o -> o.getText().contains("double charge")));
      sam.driver.findElements(By.cssSelector("#offers .offer")).stream()
          .filter(o -> o.getText().contains("double charge")).findFirst().orElseThrow()
          .findElement(By.cssSelector(".offer-accept")).click();
      sam.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("profile-body"), "+15557770001"));
      assertThat(sam.driver.findElement(By.id("other-conversations")).getText()).contains("No other conversations");

      sam.driver.findElement(By.id("merge-q")).sendKeys("nora@");
      sam.driver.findElement(By.id("merge-find")).click();
      sam.waiting().until(d -> d.findElements(By.cssSelector("#merge-results .merge-into")).size() == 1);
      assertThat(sam.driver.findElement(By.id("merge-results")).getText()).contains("Nora North", "nora@example.org");
      sam.driver.findElement(By.cssSelector("#merge-results .merge-into")).click();

      sam.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("profile-body"), "nora@example.org"));
      assertThat(sam.driver.findElement(By.id("profile-body")).getText()).contains("+15557770001");
      sam.waiting().until(d -> d.findElements(By.cssSelector("#other-conversations button")).stream()
          .anyMatch(b -> b.getText().contains("email") && b.getText().contains("Invoice 4410 twice")));
      sam.driver.findElements(By.cssSelector("#other-conversations button")).stream()
          .filter(b -> b.getText().contains("Invoice 4410 twice")).findFirst().orElseThrow().click();
      sam.waiting().until(d -> d.findElements(By.cssSelector("#messages .msg.in")).stream()
          .anyMatch(m -> m.getText().contains("You charged invoice 4410 twice.")));
      assertThat(sam.driver.findElement(By.id("thread-meta")).getText()).contains("email", "read only");
    }
  }
}
