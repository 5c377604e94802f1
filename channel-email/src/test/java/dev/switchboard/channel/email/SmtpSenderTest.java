package dev.switchboard.channel.email;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.config.SmtpConfig;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SmtpSenderTest {

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

  @TempDir
  Path dir;

  private EmailRig rig;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp() {
    rig = new EmailRig(dir);
  }

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
    rig.close();
  }

  private SmtpSender sender(int port) throws Exception {
    return new SmtpSender(new SmtpConfig("127.0.0.1", port, false, null, null),
        new ReplyComposer(new InternetAddress(EmailRig.SUPPORT), rig.clock, rig.copies, rig.stores.blobs()), rig.store(), rig.metrics, executor);
  }

  private IngestResult take(byte[] raw) throws Exception {
    IntakeOutcome o = rig.intake.take(new ByteArrayInputStream(raw)::transferTo, "http", rig.clock.instant(), Map.of())
        .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    return ((IntakeOutcome.Taken) o).result();
  }

  private OutboundMessage reply(ConversationId id, String text, String clientId) throws Exception {
    Message m = rig.store().appendAgentMessage(id, Direction.OUT, "alice", text, clientId).toCompletableFuture().get(10, SECONDS);
    return outbound(m, rig.store().conversation(id).toCompletableFuture().get(10, SECONDS).orElseThrow(), 1);
  }

  private OutboundMessage outbound(Message m, Conversation c, int attempt) throws Exception {
    Contact contact = rig.store().contacts().find(c.contactId()).toCompletableFuture().get(10, SECONDS).orElseThrow();
    List<Message> thread = rig.store().messages(c.id()).toCompletableFuture().get(10, SECONDS);
    return new OutboundMessage(m, c, contact, contact.identities().get(0), thread, attempt);
  }

  private static MimeMessage receivedBy(String address) throws Exception {
    return Arrays.stream(greenMail.getReceivedMessages())
        .filter(m -> {
          try {
            return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
          } catch (Exception e) {
            return false;
          }
        })
        .findFirst().orElseThrow();
  }

  @Test
  void filesAnAgentAttachedGoOutAsMimePartsWithTheirTypeNameAndExactBytes() throws Exception {
    IngestResult in = take(Fixtures.mail("plain-qp-utf8.eml"));
    byte[] pdf = new byte[300_000];
    new java.util.Random(7).nextBytes(pdf);
    var content = rig.stores.blobs().put(new ByteArrayInputStream(pdf), "Rechnung März.pdf", "application/pdf", false,
        1 << 20);
    String id = rig.store().attachments().recordUpload(in.conversationId(), "alice", content).toCompletableFuture().get(10, SECONDS)
        .ref().id();
    Message m = rig.store().appendAgentMessage(in.conversationId(), Direction.OUT, "alice", "Anbei die Rechnung.", "a1",
        List.of(id)).toCompletableFuture().get(10, SECONDS);
    OutboundMessage out = outbound(m, rig.store().conversation(in.conversationId()).toCompletableFuture()
        .get(10, SECONDS).orElseThrow(), 1);

    sender(greenMail.getSmtp().getPort()).send(out).toCompletableFuture().get(10, SECONDS);

    MimeMultipart mixed = (MimeMultipart) receivedBy("juergen@example.org").getContent();
    assertThat(mixed.getContentType()).startsWith("multipart/mixed");
    assertThat(mixed.getCount()).isEqualTo(2);
    assertThat(((MimeMultipart) mixed.getBodyPart(0).getContent()).getBodyPart(0).getContent().toString())
        .contains("Anbei die Rechnung.");
    var file = mixed.getBodyPart(1);
    assertThat(file.getContentType()).startsWith("application/pdf");
    assertThat(file.getDisposition()).isEqualTo("attachment");
    assertThat(file.getFileName()).isEqualTo("Rechnung März.pdf");
    assertThat(file.getHeader("Content-Disposition")[0]).contains("filename*=");
    assertThat(file.getInputStream().readAllBytes()).isEqualTo(pdf);
  }

  @Test
  void aReplyWhoseFileIsGoneFromTheStoreFailsForGoodAndSendsNothing() throws Exception {
    IngestResult in = take(Fixtures.mail("plain-qp-utf8.eml"));
    byte[] large = new byte[300_000]; // over the database's share: a file of the blob store
    new java.util.Random(11).nextBytes(large);
    var content = rig.stores.blobs().put(new ByteArrayInputStream(large), "gone.bin", "application/octet-stream",
        false, 1 << 20);
    String id = rig.store().attachments().recordUpload(in.conversationId(), "alice", content).toCompletableFuture()
        .get(10, SECONDS).ref().id();
    Message m = rig.store().appendAgentMessage(in.conversationId(), Direction.OUT, "alice", "See the file.", "g1",
        List.of(id)).toCompletableFuture().get(10, SECONDS);
    OutboundMessage out = outbound(m, rig.store().conversation(in.conversationId()).toCompletableFuture()
        .get(10, SECONDS).orElseThrow(), 1);
    try (var files = java.nio.file.Files.walk(dir)) {
      Path file = files.filter(f -> f.getFileName().toString().equals(content.ref().sha256())).findFirst().orElseThrow();
      java.nio.file.Files.delete(file);
    }

    Delivery d = sender(greenMail.getSmtp().getPort()).send(out).toCompletableFuture().get(10, SECONDS);

    assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, f -> {
      assertThat(f.code()).isEqualTo("attachment_missing");
      assertThat(f.reason()).contains("gone.bin");
    });
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void agentsReplyLandsWithThreadingHeadersCopiesAndBothBodies() throws Exception {
    IngestResult in = take(Fixtures.mail("plain-qp-utf8.eml"));
    OutboundMessage out = reply(in.conversationId(), "Hallo Jürgen,\n\nwir prüfen das.", "c1");

    Delivery d = sender(greenMail.getSmtp().getPort()).send(out).toCompletableFuture().get(10, SECONDS);

    String ourId = "switchboard." + out.message().id().value() + "@example.com";
    assertThat(d).isEqualTo(new Delivery.Sent(ourId, false));
    assertThat(greenMail.getReceivedMessages()).hasSize(3); // To Jürgen, Cc Anna and Bob
    MimeMessage mail = receivedBy("juergen@example.org");
    assertThat(mail.getFrom()).extracting(Object::toString).containsExactly(EmailRig.SUPPORT);
    assertThat(mail.getHeader("To", ",")).isEqualTo("juergen@example.org");
    assertThat(mail.getHeader("Cc", ",")).contains("anna@example.org").contains("bob@example.org");
    assertThat(mail.getSubject()).isEqualTo("Re: Bestellung nicht angekommen – 4711 [#" + out.conversation().ref() + "]");
    assertThat(mail.getMessageID()).isEqualTo("<" + ourId + ">");
    assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo("<plain-qp-1@example.org>");
    assertThat(mail.getHeader("References", null)).isEqualTo("<plain-qp-1@example.org>");
    MimeMultipart body = (MimeMultipart) mail.getContent();
    assertThat(body.getContentType()).startsWith("multipart/alternative");
    assertThat(body.getBodyPart(0).getContent().toString()).contains("wir prüfen das.");
    assertThat(body.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(body.getBodyPart(1).getContent().toString()).contains("<p>Hallo Jürgen,</p>");
    assertThat(rig.meters.counter("switchboard.email.sent").count()).isEqualTo(1);
  }

  @Test
  void aRetryResendsTheSameMessageId() throws Exception {
    IngestResult in = take(Fixtures.mail("alternative-html.eml"));
    OutboundMessage first = reply(in.conversationId(), "We refunded it.", "c1");
    OutboundMessage again = outbound(first.message(), first.conversation(), 2);
    SmtpSender sender = sender(greenMail.getSmtp().getPort());

    Delivery a = sender.send(first).toCompletableFuture().get(10, SECONDS);
    Delivery b = sender.send(again).toCompletableFuture().get(10, SECONDS);

    assertThat(b).isEqualTo(a);
    assertThat(greenMail.getReceivedMessages()).extracting(MimeMessage::getMessageID).containsOnly(
        "<" + ((Delivery.Sent) a).externalId() + ">");
  }

  @Test
  void customersAnswerToOurReplyThreadsIntoTheSameConversation() throws Exception {
    IngestResult in = take(Fixtures.mail("alternative-html.eml"));
    OutboundMessage out = reply(in.conversationId(), "We refunded it.", "c1");
    Delivery.Sent sent = (Delivery.Sent) sender(greenMail.getSmtp().getPort()).send(out).toCompletableFuture().get(10, SECONDS);
    // What the outbox does with the outcome:
    rig.store().deliveries().recordAttempt(out.message().id(), DeliveryStatus.SENT, null, sent.externalId(), 1, null)
        .toCompletableFuture().get(10, SECONDS);

    MimeMessage received = receivedBy("jane@example.org");
    byte[] answer = ("From: Jane Doe <jane@example.org>\r\nTo: support@example.com\r\n"
        + "Subject: Re: something else entirely\r\nMessage-ID: <answer-1@example.org>\r\n"
        + "In-Reply-To: " + received.getMessageID() + "\r\nReferences: " + received.getHeader("References", " ")
        + " " + received.getMessageID() + "\r\nContent-Type: text/plain\r\n\r\nThanks, got it.\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    IngestResult threaded = take(answer);

    assertThat(threaded.conversationId()).isEqualTo(in.conversationId());
    byte[] tokenOnly = GeneratedMail.simple("answer-2@example.org", "jane@example.org",
        "Another thing " + "[#" + out.conversation().ref() + "]", "One more question.");
    assertThat(take(tokenOnly).conversationId()).isEqualTo(in.conversationId());
    byte[] unrelated = GeneratedMail.simple("fresh@example.org", "jane@example.org", "New topic", "Hello");
    assertThat(take(unrelated).conversationId()).isNotEqualTo(in.conversationId());
  }

  @Test
  void lineBreaksInHeaderValuesCannotAddHeaders() throws Exception {
    IngestResult in = take(Fixtures.mail("alternative-html.eml"));
    OutboundMessage out = reply(in.conversationId(), "Hi", "c1");
    Conversation c = out.conversation();
    Conversation evil = c.toBuilder().subject("Hello\r\nBcc: evil@example.net\r\nX-Injected: yes").build();

    Delivery d = sender(greenMail.getSmtp().getPort())
        .send(new OutboundMessage(out.message(), evil, out.contact(), out.to(), out.thread(), 1))
        .toCompletableFuture().get(10, SECONDS);

    assertThat(d).isInstanceOf(Delivery.Sent.class);
    assertThat(greenMail.getReceivedMessagesForDomain("example.net")).isEmpty();
    MimeMessage mail = receivedBy("jane@example.org");
    assertThat(mail.getHeader("X-Injected")).isNull();
    assertThat(mail.getSubject()).isEqualTo("Re: Hello Bcc: evil@example.net X-Injected: yes [#" + c.ref() + "]");
  }

  @Test
  void recipientWithALineBreakIsRefusedForGood() throws Exception {
    IngestResult in = take(Fixtures.mail("alternative-html.eml"));
    OutboundMessage out = reply(in.conversationId(), "Hi", "c1");

    Delivery d = sender(greenMail.getSmtp().getPort()).send(new OutboundMessage(out.message(), out.conversation(),
        out.contact(), Identity.email("jane@example.org\r\nBcc: evil@example.net"), out.thread(), 1))
        .toCompletableFuture().get(10, SECONDS);

    assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, f -> assertThat(f.code()).isEqualTo("invalid_address"));
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void permanentSmtpRefusalFailsWithItsCode() throws Exception {
    IngestResult in = take(Fixtures.mail("alternative-html.eml"));
    OutboundMessage out = reply(in.conversationId(), "Hi", "c1");
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer("250 ok", "550 5.1.1 no such user", "250 ok")) {
      Delivery d = sender(smtp.port()).send(out).toCompletableFuture().get(10, SECONDS);

      assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, f -> assertThat(f.code()).isEqualTo("550"));
    }
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer("250 ok", "250 ok", "554 5.7.1 rejected as spam")) {
      assertThat(sender(smtp.port()).send(out).toCompletableFuture().get(10, SECONDS))
          .isInstanceOfSatisfying(Delivery.Failed.class, f -> assertThat(f.code()).isEqualTo("554"));
    }
    assertThat(rig.meters.counter("switchboard.email.send.failures", "kind", "failed", "code", "550").count())
        .isEqualTo(1);
  }

  @Test
  void transientSmtpRefusalIsRetried() throws Exception {
    IngestResult in = take(Fixtures.mail("alternative-html.eml"));
    OutboundMessage out = reply(in.conversationId(), "Hi", "c1");
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer("250 ok", "451 4.7.1 greylisted, try later", "250 ok")) {
      assertThat(sender(smtp.port()).send(out).toCompletableFuture().get(10, SECONDS)).isInstanceOf(Delivery.Retry.class);
    }
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer("421 4.3.2 shutting down", "250 ok", "250 ok")) {
      assertThat(sender(smtp.port()).send(out).toCompletableFuture().get(10, SECONDS)).isInstanceOf(Delivery.Retry.class);
    }
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer("250 ok", "250 ok", "452 4.3.1 out of storage")) {
      assertThat(sender(smtp.port()).send(out).toCompletableFuture().get(10, SECONDS)).isInstanceOf(Delivery.Retry.class);
    }
  }

  @Test
  void unreachableSmtpServerIsRetried() throws Exception {
    IngestResult in = take(Fixtures.mail("alternative-html.eml"));
    OutboundMessage out = reply(in.conversationId(), "Hi", "c1");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    assertThat(sender(closedPort).send(out).toCompletableFuture().get(10, SECONDS)).isInstanceOf(Delivery.Retry.class);
    assertThat(rig.meters.counter("switchboard.email.send.failures", "kind", "retry", "code", "connection").count())
        .isEqualTo(1);
  }
}
