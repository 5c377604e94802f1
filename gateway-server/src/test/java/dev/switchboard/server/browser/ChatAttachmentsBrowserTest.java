package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A chat visitor in headless Chromium sends a PDF and a picture with the widget's paperclip (a file over
 * the chat's limit is refused with the limit named); the agent opens both in the console, is told why a
 * refused type cannot be attached, and answers with a picture, which the visitor sees as a thumbnail
 * (through its signed link) and opens.
 */
class ChatAttachmentsBrowserTest {

  @TempDir static Path dir;
  static AttachmentsRig rig;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    rig = new AttachmentsRig(dir, AttachmentsRig.freePort()); // no mail is sent here
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  static void attachInWidget(Browser visitor, Path file) {
    visitor.driver.findElement(By.id("sbw-file")).sendKeys(file.toString());
    String name = file.getFileName().toString();
    visitor.waiting().until(d -> d.findElements(By.cssSelector("#sbw-log .sbw-msg-in[data-id] .sbw-file")).stream()
        .anyMatch(e -> e.getText().contains(name) || name.equals(imgAlt(e))));
  }

  static String imgAlt(WebElement link) {
    List<WebElement> img = link.findElements(By.tagName("img"));
    return img.isEmpty() ? null : img.get(0).getAttribute("alt");
  }

  @Test
  void aVisitorSendsFilesWithThePaperclipAndReceivesTheAgentsPicture() throws Exception {
    Path pdf = AttachmentsRig.file(dir, "parcel-label.pdf", AttachmentsRig.PDF);
    Path photo = AttachmentsRig.file(dir, "broken-box.png", AttachmentsRig.png(Color.BLUE));
    Path answer = AttachmentsRig.file(dir, "return-steps.png", AttachmentsRig.png(Color.GREEN));
    try (Browser visitor = Browser.open(); Browser agent = Browser.open()) {
      agent.signInToConsole(rig.url("/agent/"), AttachmentsRig.AGENT_TOKEN);
      agent.setAvailable(true);

      visitor.driver.get(rig.url("/chat/"));
      visitor.waiting().until(ExpectedConditions.textToBe(By.id("sbw-conn"), "Online"));
      visitor.driver.findElement(By.id("sbw-input")).sendKeys("The parcel came broken, label and photo attached.");
      visitor.driver.findElement(By.id("sbw-send")).click();
      visitor.waiting().until(d -> !d.findElements(By.cssSelector("#sbw-log .sbw-msg-in[data-id]")).isEmpty());
      attachInWidget(visitor, pdf);
      attachInWidget(visitor, photo);
      visitor.waiting().until(d -> AttachmentsRig.pictureLoaded(visitor, "#sbw-log .sbw-msg-in img.sbw-thumb"));
      // Over the chat's limit: the widget says which limit, and the chat goes on.
      visitor.driver.findElement(By.id("sbw-file")).sendKeys(
          AttachmentsRig.file(dir, "scan.pdf", new byte[1024 * 1024 + 1]).toString());
      visitor.waiting().until(d -> d.findElements(By.cssSelector("#sbw-log .sbw-note")).stream()
          .anyMatch(n -> n.getText().contains("larger than the limit of 1 MB")));

      AttachmentsRig.accept(agent, "parcel came broken");
      agent.waiting().until(d -> d.findElements(By.cssSelector("#messages .msg.in .attachment-open")).size() == 2);
      agent.waiting().until(d -> AttachmentsRig.pictureLoaded(agent, "#messages .msg.in img.attachment-thumb"));
      AttachmentsRig.recordBlobs(agent);
      clickFile(agent, "parcel-label.pdf");
      List<Object> opened = agent.waiting().until(d -> {
        List<Object> found = AttachmentsRig.recordedBlob(agent, "application/pdf");
        return found.isEmpty() ? null : found;
      });
      assertThat(opened.subList(0, 3)).containsExactly("application/pdf", (long) AttachmentsRig.PDF.length, "%PDF-1.4");
      var before = new HashSet<>(agent.driver.getWindowHandles());
      clickFile(agent, "broken-box.png");
      assertThat(AttachmentsRig.openedWindowUrl(agent, before)).startsWith("blob:" + rig.url("/"));

      // A type the chat refuses: the console says why and keeps nothing in the reply box.
      agent.driver.findElement(By.id("composer-file")).sendKeys(
          AttachmentsRig.file(dir, "tool.exe", new byte[] {'M', 'Z', 0, 0}).toString());
      agent.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "cannot be attached on chat"));
      agent.waiting().until(d -> d.findElements(By.cssSelector("#composer-files .composer-file")).isEmpty());
      agent.driver.findElement(By.id("composer-text")).sendKeys("Sorry! Here is how to send it back.");
      agent.driver.findElement(By.id("composer-file")).sendKeys(answer.toString());
      agent.waiting().until(d -> !d.findElements(By.cssSelector("#composer-files .composer-file[data-status='ready']")).isEmpty());
      // Ctrl+Enter: the toast about the refused file may still cover the button.
      agent.driver.findElement(By.id("composer-text")).sendKeys(
          org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, org.openqa.selenium.Keys.ENTER));

      visitor.waiting().until(d -> AttachmentsRig.pictureLoaded(visitor, "#sbw-log .sbw-msg-out img.sbw-thumb"));
      WebElement reply = visitor.driver.findElement(By.cssSelector("#sbw-log .sbw-msg-out"));
      assertThat(reply.getText()).contains("how to send it back");
      WebElement link = reply.findElement(By.cssSelector("a.sbw-file"));
      assertThat(link.getAttribute("href")).startsWith(rig.url("/media/")).contains("expires=", "sig=");
      visitor.screenshot("attachments-chat-visitor");
      var visitorWindows = new HashSet<>(visitor.driver.getWindowHandles());
      link.click();
      assertThat(AttachmentsRig.openedWindowUrl(visitor, visitorWindows)).startsWith(rig.url("/media/"));
      agent.screenshot("attachments-chat-agent");
    }
  }

  static void clickFile(Browser b, String name) {
    EmailAttachmentsBrowserTest.clickFile(b, name);
  }
}
