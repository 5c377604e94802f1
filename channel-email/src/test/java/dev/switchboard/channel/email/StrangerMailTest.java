package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.testing.Futures.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.config.SmtpConfig;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail from people who are not the conversation's customer, through {@code POST /email/inbound}, the
 * real store and a real SMTP server (GreenMail): From proves nothing, so a copied Message-ID or subject
 * token must not let a stranger into a customer's conversation or onto its replies.
 */
class StrangerMailTest {

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());


  @TempDir
  Path dir;

  private EmailRig rig;
  private InboundServer server;
  private final ExecutorService smtp = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp() throws Exception {
    rig = new EmailRig(dir);
    server = new InboundServer(rig);
  }

  @AfterEach
  void tearDown() {
    smtp.shutdownNow();
    server.close();
    rig.close();
  }

  @Test
  void aStrangerNamingACustomersMessageIdOrRefStartsTheirOwnConversation() throws Exception {
    ConversationId customers = post(GeneratedMail.withHeaders(List.of(
        "From: Jane <jane@customer.example>", "To: support@example.com", "Cc: colleague@customer.example",
        "Subject: Invoice", "Message-ID: <jane-1@customer.example>"), "My invoice is wrong."));
    String ref = await(rig.store().conversation(customers)).orElseThrow().ref();

    ConversationId byReferences = post(GeneratedMail.withHeaders(List.of(
        "From: Mallory <mallory@evil.example>", "To: support@example.com, jane@customer.example",
        "Cc: accomplice@evil.example", "Subject: Re: Invoice", "Message-ID: <m-1@evil.example>",
        "In-Reply-To: <jane-1@customer.example>", "References: <jane-1@customer.example>"),
        "Please send the invoice to my address instead."));
    ConversationId bySubjectToken = post(GeneratedMail.withHeaders(List.of(
        "From: mallory@evil.example", "To: support@example.com", "Cc: accomplice@evil.example",
        "Subject: Re: Invoice [#" + ref + "]", "Message-ID: <m-2@evil.example>"), "Same, by the token."));

    assertThat(byReferences).isNotEqualTo(customers);
    assertThat(bySubjectToken).isNotEqualTo(customers);
    assertThat(await(rig.store().messages(customers))).extracting(Message::externalId)
        .containsExactly("jane-1@customer.example");
    Conversation strangers = await(rig.store().conversation(byReferences)).orElseThrow();
    Contact mallory = await(rig.store().contacts().find(strangers.contactId())).orElseThrow();
    assertThat(mallory.identities()).extracting(i -> i.value()).containsExactly("mallory@evil.example");
    // The store's single writer commits in order: the Cc list of Jane's mail was written before the later posts.
    assertThat(copiesOf(customers)).containsExactly("colleague@customer.example");
  }

  @Test
  void theAgentsReplyCopiesOnlyWhomTheCustomerCopiedAfterAStrangersAttempt() throws Exception {
    ConversationId customers = post(GeneratedMail.withHeaders(List.of(
        "From: jane@customer.example", "To: support@example.com", "Cc: colleague@customer.example",
        "Subject: Invoice", "Message-ID: <jane-2@customer.example>"), "My invoice is wrong."));
    post(GeneratedMail.withHeaders(List.of(
        "From: mallory@evil.example", "To: support@example.com", "Cc: accomplice@evil.example",
        "Subject: Re: Invoice", "Message-ID: <m-3@evil.example>", "In-Reply-To: <jane-2@customer.example>"),
        "Copy me on the answer."));

    Delivery d = await(sender().send(reply(customers, "We corrected the invoice.")));

    assertThat(d).isInstanceOf(Delivery.Sent.class);
    assertThat(recipients()).containsExactlyInAnyOrder("jane@customer.example", "colleague@customer.example");
    assertThat(greenMail.getReceivedMessages()).hasSize(2);
  }

  @Test
  void aForgedMailWithTwoHundredCcGetsTheAutoReplyAloneAndAgentRepliesCopyAtMostTheLimit() throws Exception {
    List<String> cc = IntStream.range(0, 200).mapToObj(i -> "victim" + i + "@elsewhere.example").toList();
    ConversationId forged = post(GeneratedMail.withHeaders(List.of(
        "From: ceo@customer.example", "To: support@example.com, sales@example.com",
        "Cc: " + String.join(", ", cc) + ", victim0@elsewhere.example, not an address",
        "Subject: Urgent", "Message-ID: <forged-1@customer.example>"), "Answer everyone."));

    SmtpSender sender = sender();
    assertThat(await(sender.send(reply(forged, ReplyComposer.SYSTEM_AUTHOR, "We have your message."))))
        .isInstanceOf(Delivery.Sent.class);
    assertThat(recipients()).containsExactly("ceo@customer.example");
    assertThat(await(sender.send(reply(forged, "alice", "Here is the answer.")))).isInstanceOf(Delivery.Sent.class);

    assertThat(copiesOf(forged)).hasSize(rig.copies.maxCopies()).isEqualTo(cc.subList(0, rig.copies.maxCopies()));
    assertThat(greenMail.getReceivedMessages()).hasSize(1 + 1 + rig.copies.maxCopies());
    assertThat(rig.meters.counter("switchboard.email.copies.dropped", "reason", "over_limit").count())
        .isEqualTo(200 - rig.copies.maxCopies());
    assertThat(rig.meters.counter("switchboard.email.copies.dropped", "reason", "own_domain").count()).isEqualTo(1);
  }

  private ConversationId post(byte[] mail) throws Exception {
    HttpResponse<String> r = server.post(mail);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return new ConversationId(Json.read(r.body()).get("conversationId").asText());
  }

  private List<String> copiesOf(ConversationId id) throws Exception {
    return ReplyCopies.parse(await(rig.store().channelState().get(Channel.EMAIL, ReplyCopies.key(id))).orElse(null));
  }

  private SmtpSender sender() throws Exception {
    return new SmtpSender(new SmtpConfig("127.0.0.1", greenMail.getSmtp().getPort(), false, null, null),
        new ReplyComposer(new InternetAddress(EmailRig.SUPPORT), rig.clock, rig.copies, rig.stores.blobs()), rig.store(), rig.metrics, smtp);
  }

  private OutboundMessage reply(ConversationId id, String text) throws Exception {
    return reply(id, "alice", text);
  }

  private OutboundMessage reply(ConversationId id, String author, String text) throws Exception {
    Message m = await(rig.store().appendAgentMessage(id, Direction.OUT, author, text, "c-" + text.hashCode()));
    Conversation c = await(rig.store().conversation(id)).orElseThrow();
    Contact contact = await(rig.store().contacts().find(c.contactId())).orElseThrow();
    return new OutboundMessage(m, c, contact, contact.identities().get(0), await(rig.store().messages(id)), 1);
  }

  /** Every address the SMTP server delivered to (one received copy per recipient). */
  private static List<String> recipients() throws Exception {
    return Arrays.stream(greenMail.getReceivedMessages())
        .flatMap(m -> Arrays.stream(allRecipients(m)))
        .map(a -> ((InternetAddress) a).getAddress())
        .distinct().toList();
  }

  private static Address[] allRecipients(MimeMessage m) {
    try {
      return m.getAllRecipients();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
