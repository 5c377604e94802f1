package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.testing.StoredContent;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.testing.GatewayExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SMS channel in a whole gateway (Netty on port 0, SQLite in a temporary folder), driven over HTTP
 * with webhooks signed as Twilio signs them, and replying through the real Twilio SDK to a local
 * stand-in of Twilio's API.
 */
class SmsGatewayTest {

  private static final FakeTwilioApi twilio = startTwilio();
  private static final SmsChannelAdapter adapter = new SmsChannelAdapter();
  private static final AtomicInteger customers = new AtomicInteger(100);
  private static final AtomicInteger sids = new AtomicInteger();

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      server: { publicUrl: "https://support.example.com" }
      channels:
        sms:
          accountSid: "%s"
          authToken: "${TWILIO_AUTH_TOKEN}"
          numbers: ["%s", "%s"]
          apiBaseUrl: "%s"
          helpText: "Support & Co: reply with your question. Text STOP to opt out."
          maxMediaSize: 64KB
      """.formatted(FakeTwilioApi.ACCOUNT_SID, TestConfigs.OUR_NUMBER, TestConfigs.OTHER_NUMBER,
          twilio.baseUrl()))
      .env(Map.of("TWILIO_AUTH_TOKEN", FakeTwilioApi.AUTH_TOKEN))
      .adapters(adapter)
      .build();

  private static final List<GatewayEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void listen() {
    gateway.events().subscribe(events::add);
  }

  @AfterAll
  static void stopTwilio() {
    twilio.close();
  }

  private static FakeTwilioApi startTwilio() {
    try {
      return new FakeTwilioApi();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- helpers ----

  private static String newCustomer() {
    return "+1555700" + String.format("%04d", customers.incrementAndGet());
  }

  private static String newSid(String prefix) {
    return prefix + String.format("%032x", sids.incrementAndGet() + 0xabc000L);
  }

  private static final TwilioWebhooks webhooks = new TwilioWebhooks(gateway);

  private static Map<String, String> sms(String sid, String from, String body) {
    return TwilioWebhooks.sms(sid, from, TestConfigs.OUR_NUMBER, body);
  }

  /** POSTs a webhook signed for the public URL, as Twilio would. */
  private static HttpResponse<String> post(String path, Map<String, String> fields, String authToken)
      throws Exception {
    return webhooks.post(path, fields, authToken);
  }

  private static HttpResponse<String> send(String path, String form, Optional<String> signature) throws Exception {
    return webhooks.send(path, form, signature);
  }

  private static HttpResponse<String> inbound(Map<String, String> fields) throws Exception {
    return webhooks.inbound(fields);
  }

  private static HttpResponse<String> status(String sid, String status, String errorCode) throws Exception {
    return webhooks.status(TwilioWebhooks.status(sid, status, errorCode));
  }

  private static ConversationStore store() {
    return gateway.store();
  }

  private static Optional<Contact> contact(String phone) throws Exception {
    return await(store().contacts().byIdentity(Identity.phone(phone)));
  }

  private static List<Conversation> conversationsOf(String phone) throws Exception {
    Optional<Contact> c = contact(phone);
    if (c.isEmpty()) {
      return List.of();
    }
    return await(store().conversations(ConversationQuery.all().contact(c.get().id())));
  }

  private static List<Message> messagesOf(String phone) throws Exception {
    List<Conversation> cs = conversationsOf(phone);
    assertThat(cs).hasSize(1);
    return await(store().messages(cs.get(0).id()));
  }

  private static double counter(String name) {
    var c = gateway.gateway().meters().find(name).counter();
    return c == null ? 0 : c.count();
  }

  /** What the outbox does with an agent's reply: store it, then hand it to the channel. */
  /** An agent's reply, sent by the gateway's own outbox; returns what the outbox recorded. */
  private static Delivery reply(String phone, String text) throws Exception {
    Conversation conversation = conversationsOf(phone).get(0);
    Message message = await(store().appendAgentMessage(conversation.id(), Direction.OUT, "alice", text,
        "client-" + sids.incrementAndGet()));
    Message done = await().until(() -> await(store().message(message.id())).orElseThrow(),
        m -> m.delivery() != DeliveryStatus.QUEUED && m.delivery() != DeliveryStatus.SENDING
            && m.delivery() != DeliveryStatus.PENDING);
    if (done.delivery() == DeliveryStatus.FAILED || done.delivery() == DeliveryStatus.DEAD) {
      String detail = String.valueOf(done.deliveryDetail());
      int colon = detail.indexOf(": ");
      return new Delivery.Failed(colon < 0 ? detail : detail.substring(0, colon),
          colon < 0 ? detail : detail.substring(colon + 2));
    }
    return new Delivery.Sent(done.externalId(), done.delivery() == DeliveryStatus.DELIVERED);
  }

  // ---- inbound ----

  @Test
  void inboundSmsBecomesAConversationAndIsAnsweredWithEmptyTwiml() throws Exception {
    String customer = newCustomer();

    HttpResponse<String> r = inbound(sms(newSid("SM"), customer, "My internet is down"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
    assertThat(r.body()).endsWith("<Response/>");
    List<Conversation> conversations = conversationsOf(customer);
    assertThat(conversations).singleElement().satisfies(c -> {
      assertThat(c.channel()).isEqualTo(Channel.SMS);
      assertThat(c.threadKey()).isEqualTo(TestConfigs.OUR_NUMBER + "|" + customer);
    });
    assertThat(messagesOf(customer)).singleElement().satisfies(m -> {
      assertThat(m.direction()).isEqualTo(Direction.IN);
      assertThat(m.text()).isEqualTo("My internet is down");
    });
  }

  @Test
  void nextSmsFromTheSameNumberThreadsIntoTheSameConversation() throws Exception {
    String customer = newCustomer();

    inbound(sms(newSid("SM"), customer, "Hello"));
    inbound(sms(newSid("SM"), customer, "Anyone there?"));

    assertThat(messagesOf(customer)).extracting(Message::text).containsExactly("Hello", "Anyone there?");
  }

  @Test
  void replayedWebhookIsStoredOnce() throws Exception {
    String customer = newCustomer();
    Map<String, String> fields = sms(newSid("SM"), customer, "Only once please");
    double before = counter("switchboard.sms.duplicates");

    assertThat(inbound(fields).statusCode()).isEqualTo(200);
    assertThat(inbound(fields).statusCode()).isEqualTo(200);

    assertThat(messagesOf(customer)).hasSize(1);
    assertThat(counter("switchboard.sms.duplicates")).isEqualTo(before + 1);
  }

  @Test
  void forgedWebhookIsRefusedWith403AndStoresNothing() throws Exception {
    String customer = newCustomer();
    double before = counter("switchboard.sms.forged");

    HttpResponse<String> wrongToken = post(SmsSettings.INBOUND_PATH, sms(newSid("SM"), customer, "Refund me"),
        "guessed-token");
    HttpResponse<String> unsigned = send(SmsSettings.INBOUND_PATH,
        TwilioSigner.form(sms(newSid("SM"), customer, "Refund me")), Optional.empty());

    for (HttpResponse<String> r : List.of(wrongToken, unsigned)) {
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
      assertThat(r.body()).contains("\"error\":\"forbidden\"");
    }
    assertThat(contact(customer)).isEmpty();
    assertThat(counter("switchboard.sms.forged")).isEqualTo(before + 2);
  }

  @Test
  void malformedFormIsRefusedWith400() throws Exception {
    HttpResponse<String> r = send(SmsSettings.INBOUND_PATH, "Body=%zz&From=%2B1", Optional.of("sig"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"error\":\"malformed_form\"");
  }

  @Test
  void signedWebhookWithoutASenderIsRefusedWith400() throws Exception {
    Map<String, String> fields = sms(newSid("SM"), newCustomer(), "hi");
    fields.remove("From");

    HttpResponse<String> r = inbound(fields);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"error\":\"invalid_webhook\"", "From");
  }

  // ---- MMS ----

  @Test
  void mmsMediaIsFetchedWithTheAccountsCredentialsAndStored() throws Exception {
    String customer = newCustomer();
    String sid = newSid("MM");
    byte[] photo = "not really a jpeg, but bytes all the same".getBytes();
    Map<String, String> fields = sms(sid, customer, "Here is the error screen");
    fields.put("NumMedia", "1");
    fields.put("MediaContentType0", "image/jpeg");
    fields.put("MediaUrl0", twilio.addMedia(sid, "ME" + sid.substring(2), "image/jpeg", photo, true, true)
        .toString());

    assertThat(inbound(fields).statusCode()).isEqualTo(200);

    Message m = messagesOf(customer).get(0);
    assertThat(m.text()).isEqualTo("Here is the error screen");
    assertThat(m.attachments()).singleElement().satisfies(a -> {
      assertThat(a.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo)));
      assertThat(a.size()).isEqualTo(photo.length);
      assertThat(a.contentType()).isEqualTo("image/jpeg");
      assertThat(a.filename()).isEqualTo(sid + "-0.jpg");
      // Small: written with the message in its transaction, read back from the database.
      assertThat(StoredContent.read(gateway.gateway().blobs(), a.sha256())).isEqualTo(photo);
    });
  }

  @Test
  void oversizedOrForeignMediaIsNotFetchedButTheMessageIsKept() throws Exception {
    String customer = newCustomer();
    String sid = newSid("MM");
    Map<String, String> fields = sms(sid, customer, "Two videos");
    fields.put("NumMedia", "2");
    fields.put("MediaContentType0", "video/mp4");
    fields.put("MediaUrl0", twilio.addMedia(sid, "ME0", "video/mp4", new byte[65 * 1024]).toString());
    fields.put("MediaContentType1", "video/mp4");
    fields.put("MediaUrl1", "http://169.254.169.254/latest/meta-data/");

    assertThat(inbound(fields).statusCode()).isEqualTo(200);

    Message m = messagesOf(customer).get(0);
    assertThat(m.attachments()).isEmpty();
    assertThat(m.text()).contains("Two videos", "media 1 (video/mp4) not stored: too large",
        "media 2 (video/mp4) not stored: outside api");
  }

  // ---- outbound and status ----

  @Test
  void agentsReplyReachesTwilioAndStatusCallbacksMoveItsDelivery() throws Exception {
    String customer = newCustomer();
    inbound(sms(newSid("SM"), customer, "When will my order arrive?"));

    Delivery d = reply(customer, "Tomorrow before noon.");

    assertThat(d).isInstanceOf(Delivery.Sent.class);
    String sid = ((Delivery.Sent) d).externalId();
    assertThat(twilio.messageRequests()).filteredOn(r -> customer.equals(r.form().get("To"))).singleElement()
        .satisfies(r -> assertThat(r.form())
            .containsEntry("From", TestConfigs.OUR_NUMBER)
            .containsEntry("Body", "Tomorrow before noon.")
            .containsEntry("StatusCallback", "https://support.example.com/sms/twilio/status"));

    assertThat(status(sid, "sent", null).statusCode()).isEqualTo(200);
    assertThat(status(sid, "delivered", null).statusCode()).isEqualTo(200);
    assertThat(status(sid, "sent", null).statusCode()).isEqualTo(200); // late and out of order

    Message stored = await(store().messageByExternalId(Channel.SMS, sid)).orElseThrow();
    assertThat(stored.delivery()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(events).filteredOn(GatewayEvent.DeliveryUpdated.class::isInstance)
        .map(GatewayEvent.DeliveryUpdated.class::cast)
        .filteredOn(e -> e.messageId().equals(stored.id()))
        .extracting(GatewayEvent.DeliveryUpdated::status)
        .containsOnlyOnce(DeliveryStatus.DELIVERED)
        .endsWith(DeliveryStatus.DELIVERED); // the outbox's sending/sent come first
  }

  @Test
  void undeliveredCallbackFailsTheReplyWithTwiliosReason() throws Exception {
    String customer = newCustomer();
    inbound(sms(newSid("SM"), customer, "Call me"));
    String sid = ((Delivery.Sent) reply(customer, "Calling now")).externalId();

    status(sid, "undelivered", "30003");

    Message stored = await(store().messageByExternalId(Channel.SMS, sid)).orElseThrow();
    assertThat(stored.delivery()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(stored.deliveryDetail()).contains("30003", "unreachable");
  }

  @Test
  void replyTwilioRefusesFailsWithTwiliosCodeForTheAgent() throws Exception {
    String customer = newCustomer();
    inbound(sms(newSid("SM"), customer, "Text my landline"));
    twilio.failNext(400, 21211, "The 'To' number is not a valid phone number.");

    Delivery refused = reply(customer, "Sure");

    assertThat(refused).isInstanceOf(Delivery.Failed.class);
    assertThat(((Delivery.Failed) refused).code()).isEqualTo("21211");
    assertThat(((Delivery.Failed) refused).reason()).startsWith("Twilio 21211: not a valid phone number");
  }

  @Test
  void forgedStatusCallbackChangesNothing() throws Exception {
    String customer = newCustomer();
    inbound(sms(newSid("SM"), customer, "Hi"));
    String sid = ((Delivery.Sent) reply(customer, "Hello!")).externalId();
    Map<String, String> f = Map.of("MessageSid", sid, "MessageStatus", "failed");

    assertThat(post(SmsSettings.STATUS_PATH, f, "guessed-token").statusCode()).isEqualTo(403);
    assertThat(await(store().messageByExternalId(Channel.SMS, sid)).orElseThrow().delivery())
        .isEqualTo(DeliveryStatus.SENT);
  }

  // ---- keywords ----

  @Test
  void stopOptsOutSoRepliesAreRefusedAndStartOptsBackIn() throws Exception {
    String customer = newCustomer();
    inbound(sms(newSid("SM"), customer, "Is my refund processed?"));

    HttpResponse<String> stop = inbound(sms(newSid("SM"), customer, "STOP"));

    assertThat(stop.body()).endsWith("<Response/>");
    assertThat(await(store().optOuts().find(Channel.SMS, customer, TestConfigs.OUR_NUMBER))).hasValueSatisfying(
        o -> assertThat(o.optedOut()).isTrue());
    int requestsBefore = twilio.messageRequests().size();
    Delivery refused = reply(customer, "Yes, it is.");
    assertThat(refused).isInstanceOf(Delivery.Failed.class);
    assertThat(((Delivery.Failed) refused).code()).isEqualTo("opted_out");
    assertThat(twilio.messageRequests()).hasSize(requestsBefore);

    inbound(sms(newSid("SM"), customer, "start"));

    assertThat(await(store().optOuts().find(Channel.SMS, customer, TestConfigs.OUR_NUMBER))).hasValueSatisfying(
        o -> assertThat(o.optedOut()).isFalse());
    assertThat(reply(customer, "Yes, it is.")).isInstanceOf(Delivery.Sent.class);
    assertThat(messagesOf(customer)).extracting(Message::text).contains("STOP", "start");
  }

  @Test
  void helpIsAnsweredWithTheHelpTextAndTheAnswerIsStored() throws Exception {
    String customer = newCustomer();
    int requestsBefore = twilio.messageRequests().size();
    HttpResponse<String> r = inbound(sms(newSid("SM"), customer, "help"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains(
        "<Response><Message>Support &amp; Co: reply with your question. Text STOP to opt out.</Message></Response>");
    assertThat(messagesOf(customer)).filteredOn(m -> m.direction() == Direction.OUT).singleElement()
        .satisfies(m -> {
          assertThat(m.text()).isEqualTo("Support & Co: reply with your question. Text STOP to opt out.");
          assertThat(m.delivery()).isEqualTo(DeliveryStatus.SENT);
        });
    assertThat(twilio.messageRequests()).as("sent in the TwiML, never again through the API")
        .hasSize(requestsBefore);
  }

  @Test
  void aStopToOneOfOurNumbersLeavesTheOtherNumberFreeToReply() throws Exception {
    String customer = newCustomer();
    inbound(TwilioWebhooks.sms(newSid("SM"), customer, TestConfigs.OTHER_NUMBER, "Order question"));
    inbound(sms(newSid("SM"), customer, "Marketing? no thanks"));
    inbound(sms(newSid("SM"), customer, "STOP"));

    List<Conversation> both = conversationsOf(customer);
    assertThat(both).hasSize(2);
    Conversation viaOther = both.stream()
        .filter(c -> c.threadKey().startsWith(TestConfigs.OTHER_NUMBER)).findFirst().orElseThrow();
    Message answer = await(store().appendAgentMessage(viaOther.id(), Direction.OUT, "alice", "Your order shipped",
        "pair-" + sids.incrementAndGet()));
    Message done = await().until(() -> await(store().message(answer.id())).orElseThrow(),
        m -> m.delivery() == DeliveryStatus.SENT || m.delivery().isFinal());

    assertThat(done.delivery()).isEqualTo(DeliveryStatus.SENT);
    assertThat(twilio.messageRequests()).last().satisfies(req ->
        assertThat(req.form()).containsEntry("From", TestConfigs.OTHER_NUMBER).containsEntry("To", customer));
  }

  @Test
  void aStatusCallbackThatOvertakesTwiliosAnswerIsAppliedWhenTheSidIsRecorded() throws Exception {
    String customer = newCustomer();
    inbound(sms(newSid("SM"), customer, "Is it fixed?"));
    List<HttpResponse<String>> early = new CopyOnWriteArrayList<>();
    twilio.beforeAnswer(sid -> {
      try {
        early.add(status(sid, "delivered", null)); // reaches us before Twilio's 201 does
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    events.clear();
    try {
      reply(customer, "Yes, since 10:00.");
    } finally {
      twilio.beforeAnswer(null);
    }

    assertThat(early).singleElement().satisfies(r -> assertThat(r.statusCode()).isEqualTo(200));
    Message sent = messagesOf(customer).stream().filter(m -> m.direction() == Direction.OUT).findFirst().orElseThrow();
    assertThat(sent.delivery()).isEqualTo(DeliveryStatus.DELIVERED);
    await().untilAsserted(() -> assertThat(events).filteredOn(GatewayEvent.DeliveryUpdated.class::isInstance)
        .map(e -> ((GatewayEvent.DeliveryUpdated) e).status()).contains(DeliveryStatus.DELIVERED));
    assertThat(counter("switchboard.sms.status.held")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void statusForAMessageWeDidNotSendIsAcknowledged() throws Exception {
    assertThat(status(newSid("SM"), "delivered", null).statusCode()).isEqualTo(200);
  }

  @Test
  void authTokenNeverReachesTheLogsOrTheMetrics() throws Exception {
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
        .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      String customer = newCustomer();
      post(SmsSettings.INBOUND_PATH, sms(newSid("SM"), customer, "forged"), "guessed-token");
      inbound(sms(newSid("SM"), customer, "Hello"));
      twilio.failNext(400, 21211, "The 'To' number is not a valid phone number.");
      reply(customer, "Hi");
    } finally {
      root.detachAppender(logs);
    }

    String basic = FakeTwilioApi.basicAuth(FakeTwilioApi.ACCOUNT_SID, FakeTwilioApi.AUTH_TOKEN).substring(6);
    assertThat(logs.list).isNotEmpty().allSatisfy(e -> {
      String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
          : ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(e.getThrowableProxy()));
      assertThat(line).doesNotContain(FakeTwilioApi.AUTH_TOKEN).doesNotContain(basic);
    });
    assertThat(gateway.get("/metrics", null).body()).contains("switchboard_sms_")
        .doesNotContain(FakeTwilioApi.AUTH_TOKEN);
  }
}
