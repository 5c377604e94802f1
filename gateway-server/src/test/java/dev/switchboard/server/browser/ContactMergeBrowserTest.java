package dev.switchboard.server.browser;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.GatewayExtension;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A supervisor in headless Chromium works an SMS conversation, finds the customer's e-mail contact from
 * the contact panel, merges it in, and then sees the e-mail conversation beside the SMS one and reads it;
 * then undoes the merge from the contact's list of merges, and the e-mail history leaves the panel.
 */
class ContactMergeBrowserTest {

  static final String TOKEN = "sam-browser-token";

  @RegisterExtension
  static final ConsoleGatewayExtension gateway = ConsoleGatewayExtension.of(GatewayExtension.yaml("""
      routing:
        offerTimeout: 2m
        tiers:
          - { name: standard, firstResponse: 15m, nextResponse: 1h }
        rules:
          - { tier: standard }
      agents:
        - { id: sam, name: Sam, tokenSha256: %s, tiers: [standard], supervisor: true,
            capacity: { sms: 5, email: 10 } }
      """.formatted(ConsoleGatewayExtension.sha256(TOKEN))));

  /** Clicks the first element of {@code css} whose text contains {@code text} (any case), found again on each try. */
  private static void clickWhere(Browser b, String css, String text) {
    b.waiting().until(d -> {
      for (WebElement e : d.findElements(By.cssSelector(css))) {
        if (e.getText().toLowerCase(java.util.Locale.ROOT).contains(text.toLowerCase(java.util.Locale.ROOT))) {
          e.click();
          return true;
        }
      }
      return false;
    });
  }

  private static boolean textOf(Browser b, String id, String text) {
    return b.driver.findElement(By.id(id)).getText().contains(text);
  }

  @Test
  void mergesAnSmsContactWithAnEmailContactAndSeesBothHistories() throws Exception {
    gateway.ingest().accept(InboundMessage.builder(Channel.EMAIL, Identity.email("nora@example.org"),
            "<merge-1@example.org>", "<merge-1@example.org>")
        .senderName("Nora North").subject("Invoice 4410 twice").text("You charged invoice 4410 twice.")
        .receivedAt(Instant.now()).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (Browser sam = Browser.open()) {
      sam.signInToConsole(gateway.url("/agent/"), TOKEN);
      sam.setAvailable(true);
      gateway.ingest().accept(InboundMessage.builder(Channel.SMS, Identity.phone("+15557770001"), "SMmerge1",
              "+15550001111|+15557770001").text("Did you see my mail about the double charge?")
          .receivedAt(Instant.now()).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      sam.waiting().until(d -> {
        for (WebElement offer : d.findElements(By.cssSelector("#offers .offer"))) {
          if (offer.getText().contains("double charge")) {
            offer.findElement(By.cssSelector(".offer-accept")).click();
            return true;
          }
        }
        return false;
      });
      sam.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("profile-body"), "+15557770001"));
      sam.waiting().until(d -> textOf(sam, "other-conversations", "No other conversations"));
      sam.waiting().until(d -> textOf(sam, "merge-list", "No merges into this contact."));

      sam.driver.findElement(By.id("merge-q")).sendKeys("nora@");
      sam.driver.findElement(By.id("merge-find")).click();
      sam.waiting().until(d -> d.findElements(By.cssSelector("#merge-results .merge-into")).size() == 1
          && textOf(sam, "merge-results", "Nora North") && textOf(sam, "merge-results", "nora@example.org"));
      clickWhere(sam, "#merge-results .merge-into", "");

      sam.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("profile-body"), "nora@example.org"));
      sam.waiting().until(d -> textOf(sam, "profile-body", "+15557770001"));
      sam.waiting().until(d -> textOf(sam, "merge-list", "nora@example.org · merged by sam"));
      clickWhere(sam, "#other-conversations button", "Invoice 4410 twice");
      sam.waiting().until(d -> d.findElements(By.cssSelector("#messages .msg.in")).stream()
          .anyMatch(m -> m.getText().contains("You charged invoice 4410 twice.")));
      sam.waiting().until(d -> textOf(sam, "thread-meta", "email") && textOf(sam, "thread-meta", "read only"));

      // Back in the SMS conversation, the supervisor undoes the merge: the e-mail address and its
      // conversation leave this contact again.
      clickWhere(sam, "#conversations .conv-item", "sms");
      sam.waiting().until(d -> !textOf(sam, "thread-meta", "read only"));
      clickWhere(sam, "#merge-list .unmerge", "Undo this merge");
      sam.waiting().until(d -> textOf(sam, "merge-list", "undone by sam")
          && d.findElements(By.cssSelector("#merge-list .unmerge")).isEmpty());
      sam.waiting().until(d -> !textOf(sam, "profile-body", "nora@example.org")
          && textOf(sam, "profile-body", "+15557770001"));
      sam.waiting().until(d -> !textOf(sam, "other-conversations", "Invoice 4410 twice"));
    }
  }
}
