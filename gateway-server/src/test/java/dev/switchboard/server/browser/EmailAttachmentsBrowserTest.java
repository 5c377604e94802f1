package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.activation.DataHandler;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * An agent in headless Chromium opens the PDF and the picture of a customer's mail that came in through
 * {@code POST /email/inbound}, then answers with a canned reply and a file; GreenMail's SMTP receives the
 * reply with the file as a MIME part.
 */
class EmailAttachmentsBrowserTest {

  static final int SMTP_PORT = freePort();

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(
      new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

  @TempDir static Path dir;
  static AttachmentsRig rig;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    rig = new AttachmentsRig(dir, SMTP_PORT);
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  static int freePort() {
    try {
      return AttachmentsRig.freePort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Nora's mail: a line of text, her invoice as a PDF and a screenshot as a PNG. */
  static byte[] mailWithFiles(byte[] screenshot) throws Exception {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress("nora@example.org", "Nora North"));
    m.setRecipients(jakarta.mail.Message.RecipientType.TO, "support@example.com");
    m.setSubject("Invoice 4410 is wrong");
    MimeMultipart parts = new MimeMultipart();
    MimeBodyPart text = new MimeBodyPart();
    text.setText("The invoice charges me twice, see the PDF and the screenshot.", "UTF-8");
    parts.addBodyPart(text);
    parts.addBodyPart(filePart("invoice-4410.pdf", "application/pdf", AttachmentsRig.PDF));
    parts.addBodyPart(filePart("screenshot.png", "image/png", screenshot));
    m.setContent(parts);
    m.saveChanges();
    m.setHeader("Message-ID", "<files-1@example.org>");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toByteArray();
  }

  static MimeBodyPart filePart(String name, String type, byte[] content) throws Exception {
    MimeBodyPart p = new MimeBodyPart();
    p.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
    p.setFileName(name);
    p.setDisposition(jakarta.mail.Part.ATTACHMENT);
    return p;
  }

  /** Clicks the file button of the open thread whose text contains {@code name}, in one wait (the thread redraws). */
  static void clickFile(Browser b, String name) {
    b.waiting().until(d -> {
      for (WebElement e : d.findElements(By.cssSelector("#messages .attachment-open"))) {
        if (e.getText().contains(name)) {
          e.click();
          return true;
        }
      }
      return false;
    });
  }

  /** The text/plain of a part, looking inside a multipart/alternative. */
  static String plainText(jakarta.mail.Part p) throws Exception {
    if (p.isMimeType("text/plain")) {
      return String.valueOf(p.getContent());
    }
    StringBuilder out = new StringBuilder();
    if (p.getContent() instanceof Multipart inner) {
      for (int i = 0; i < inner.getCount(); i++) {
        out.append(plainText(inner.getBodyPart(i)));
      }
    }
    return out.toString();
  }

  @Test
  void opensTheCustomersPdfAndPictureAndSendsACannedReplyWithAFileByEmail() throws Exception {
    byte[] screenshot = AttachmentsRig.png(Color.RED);
    byte[] receipt = "%PDF-1.4\n% corrected receipt 4410\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path receiptFile = AttachmentsRig.file(dir, "receipt-4410.pdf", receipt);
    try (Browser agent = Browser.open()) {
      agent.signInToConsole(rig.url("/agent/"), AttachmentsRig.AGENT_TOKEN);
      agent.setAvailable(true);
      rig.postMail(mailWithFiles(screenshot));
      AttachmentsRig.accept(agent, "Nora North");
      agent.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread-title"), "Invoice 4410"));
      agent.waiting().until(d -> AttachmentsRig.pictureLoaded(agent, "#messages .msg.in img.attachment-thumb"));
      assertThat(agent.driver.findElement(By.cssSelector("#messages .msg.in")).getText())
          .contains("invoice-4410.pdf", "screenshot.png");
      agent.screenshot("attachments-email-thread");

      AttachmentsRig.recordBlobs(agent);
      clickFile(agent, "invoice-4410.pdf");
      List<Object> pdf = agent.waiting().until(d -> {
        List<Object> found = AttachmentsRig.recordedBlob(agent, "application/pdf");
        return found.isEmpty() ? null : found;
      });
      assertThat(pdf.subList(0, 3)).containsExactly("application/pdf", (long) AttachmentsRig.PDF.length, "%PDF-1.4");

      var before = new HashSet<>(agent.driver.getWindowHandles());
      clickFile(agent, "screenshot.png");
      assertThat(AttachmentsRig.openedWindowUrl(agent, before)).startsWith("blob:" + rig.url("/"));

      WebElement box = agent.driver.findElement(By.id("composer-text"));
      box.sendKeys("/inv");
      agent.waiting().until(d -> d.findElements(By.cssSelector("#canned-replies li")).size() == 1);
      box.sendKeys(Keys.ENTER);
      agent.waiting().until(d -> d.findElement(By.id("composer-text")).getAttribute("value")
          .startsWith("Hi Nora North, here is the corrected invoice"));
      agent.driver.findElement(By.id("composer-file")).sendKeys(receiptFile.toString());
      agent.waiting().until(d -> !d.findElements(By.cssSelector("#composer-files .composer-file[data-status='ready']")).isEmpty());
      agent.driver.findElement(By.id("send-reply")).click();
      agent.waiting().until(d -> d.findElements(By.cssSelector("#messages .msg.out .attachment-open")).stream()
          .anyMatch(e -> e.getText().contains("receipt-4410.pdf")));
      assertThat(agent.driver.findElement(By.id("composer-files")).isDisplayed()).isFalse();

      agent.waiting().until(d -> greenMail.getReceivedMessages().length == 1);
      MimeMessage sent = greenMail.getReceivedMessages()[0];
      assertThat(sent.getAllRecipients()[0].toString()).contains("nora@example.org");
      Multipart body = (Multipart) sent.getContent();
      BodyPart file = null;
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < body.getCount(); i++) {
        BodyPart p = body.getBodyPart(i);
        if ("receipt-4410.pdf".equals(p.getFileName())) {
          file = p;
        } else {
          text.append(plainText(p));
        }
      }
      assertThat(text.toString()).contains("here is the corrected invoice");
      assertThat(file).as("the reply's file as a MIME part").isNotNull();
      assertThat(file.getContentType()).startsWith("application/pdf");
      assertThat(file.getInputStream().readAllBytes()).isEqualTo(receipt);
      agent.screenshot("attachments-email-reply");
    }
  }
}
