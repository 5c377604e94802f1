package dev.switchboard.server.continuity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.switchboard.core.testing.Futures.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.channel.email.EmailChannelAdapter;
import dev.switchboard.chat.ChatChannelAdapter;
import dev.switchboard.sms.SmsChannelAdapter;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.server.ops.JsonSocket;
import dev.switchboard.server.ops.TwilioStandIn;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Continuity when a chat visitor leaves, over real websockets, GreenMail's SMTP and {@code /email/inbound},
 * on a controllable clock: a visitor who proved their e-mail address and has been gone for
 * {@code channels.chat.awayAfter} gets the replies written since they left, once, by mail; their answer
 * goes on in the same chat; a claim never proved gets nothing; a restart forgets no absence.
 */
class ChatContinuityTest {

  static final String TOKEN = "continuity-admin";
  static final String ORIGIN = "https://www.example.com";
  static final int SMTP_PORT = freePort();
  static final MutableClock CLOCK = MutableClock.startingAt("2026-03-02T09:00:00Z");
  static final Pattern PROOF_LINK = Pattern.compile("/chat/verify/([A-Za-z0-9_-]{43})");
  static final String PUBLIC_URL = "http://support.example.test";
  static final Pattern REOPEN_LINK = Pattern.compile(
      Pattern.quote(PUBLIC_URL) + "/chat/\\?reopen(?:=3D|=)([0-9a-f]{64}\\.\\d+\\.[A-Za-z0-9_-]{43})");
  static final String OUR_NUMBER = "+15550001111";
  static final TwilioStandIn TWILIO = twilio();
  static final AtomicInteger NUMBERS = new AtomicInteger(7000);

  @RegisterExtension
  @Order(1)
  static final GreenMailExtension smtp = new GreenMailExtension(
      new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

  @RegisterExtension
  @Order(2)
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      server: { publicUrl: "%s" }
      admin: { tokens: ["%s"] }
      channels:
        chat: { allowedOrigins: ["%s"], awayAfter: 5m }
        sms: { accountSid: "%s", authToken: "%s", numbers: ["%s"], apiBaseUrl: "%s" }
        email:
          address: support@example.com
          smtp: { host: 127.0.0.1, port: %d, tls: false }
      routing:
        tiers: [ { name: standard, firstResponse: 15m, nextResponse: 1h } ]
        rules: [ { tier: standard } ]
        autoReply: { enabled: false }
      agents:
        - { id: alice, name: Alice, tokenSha256: 9c220f200955d76c0a38d308225e0ef10c5f971acaf2f8d1d8f732affa5bd1dc,
            tiers: [standard], capacity: { chat: 5, email: 5, sms: 5 } }
      """.formatted(PUBLIC_URL, TOKEN, ORIGIN, TwilioStandIn.ACCOUNT_SID, TwilioStandIn.AUTH_TOKEN, OUR_NUMBER,
          TWILIO.baseUrl(), SMTP_PORT))
      .adapters(new EmailChannelAdapter(), new ChatChannelAdapter(), new SmsChannelAdapter())
      .clock(CLOCK)
      .build();

  static TwilioStandIn twilio() {
    try {
      return new TwilioStandIn();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopTwilio() {
    TWILIO.close();
  }

  /** An SMS from {@code from} as Twilio posts it, signed for the public URL. */
  private static HttpResponse<String> sms(String from, String text) throws Exception {
    Map<String, String> form = new TreeMap<>(Map.of("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""),
        "AccountSid", TwilioStandIn.ACCOUNT_SID, "From", from, "To", OUR_NUMBER, "Body", text, "NumMedia", "0"));
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return gateway.http().send(java.net.http.HttpRequest.newBuilder(gateway.uri("/sms/twilio/inbound"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", TwilioStandIn.signature(PUBLIC_URL + "/sms/twilio/inbound", form))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<Map<String, String>> textsTo(String number) {
    return TWILIO.sent().stream().filter(f -> number.equals(f.get("To"))).toList();
  }

  /** A supervisor's merge: the chat visitor's contact takes the SMS contact of {@code number}. */
  private static void mergePhoneInto(ConversationId chat, String number) throws Exception {
    String into = await(gateway.store().conversation(chat)).orElseThrow().contactId().value();
    String from = await(gateway.store().contacts().byIdentity(Identity.phone(number))).orElseThrow().id().value();
    HttpResponse<String> merged = gateway.post("/api/contacts/" + into + "/merge", "application/json",
        ("{\"from\":\"" + from + "\"}").getBytes(StandardCharsets.UTF_8), TOKEN);
    assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
  }

  private static List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getRecipients(RecipientType.TO)).anyMatch(a -> a.toString().contains(address));
      } catch (jakarta.mail.MessagingException e) {
        return false;
      }
    }).toList();
  }

  private static String body(MimeMessage m) {
    return GreenMailUtil.getBody(m).replace("=\r\n", "");
  }

  /** A visitor who says hello with {@code email} and writes once; returns the socket and the conversation. */
  private record Visitor(JsonSocket socket, ConversationId conversation) {}

  private static Visitor visitor(String email, String text) {
    JsonSocket s = JsonSocket.open(gateway.wsUri("/chat/ws"), ORIGIN);
    var hello = JsonSocket.frame("hello").put("name", "Vera");
    if (email != null) {
      hello.put("email", email);
    }
    s.send(hello);
    s.next("welcome");
    s.send(JsonSocket.frame("message").put("text", text).put("clientId", "c1"));
    JsonNode ack = s.next("ack");
    return new Visitor(s, new ConversationId(ack.path("conversationId").asText()));
  }

  private static void prove(String address) throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(address).size() == 1);
    Matcher m = PROOF_LINK.matcher(body(mailsTo(address).get(0)));
    assertThat(m.find()).isTrue();
    HttpResponse<String> used = gateway.post("/chat/verify/" + m.group(1), "application/x-www-form-urlencoded",
        new byte[0], null);
    assertThat(used.statusCode()).isEqualTo(200);
  }

  private static Message reply(ConversationId chat, String text) throws Exception {
    return await(gateway.store().appendAgentMessage(chat, Direction.OUT, "alice", text, UUID.randomUUID().toString()));
  }

  /** The visitor closes the chat, a minute passes, an agent replies, and the absence is recorded. */
  private static void leavesThenGetsReply(Visitor v, String reply) throws Exception {
    v.socket().close();
    CLOCK.advance(Duration.ofMinutes(1));
    reply(v.conversation(), reply);
    awaitAway(v.conversation());
  }

  /** Waits until the store counts {@code chat}'s visitor as away with replies to forward (time not yet checked). */
  private static void awaitAway(ConversationId chat) {
    await().atMost(Duration.ofSeconds(10)).until(() -> await(gateway.store().continuity()
        .pending(CLOCK.instant().minus(Duration.ofDays(1)), CLOCK.instant().plus(Duration.ofDays(1)), 100)).stream()
        .anyMatch(p -> p.conversation().equals(chat)));
  }

  private static double counted(String result) {
    var c = gateway.gateway().meters().find("switchboard.chat.continuity").tag("result", result).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aProvedVisitorWhoLeftGetsTheMissedRepliesOnceByMailAndTheirAnswerGoesOnInTheChat() throws Exception {
    String address = unique("vera");
    Visitor vera = visitor(address, "Can I change my plan?");
    prove(address);
    reply(vera.conversation(), "Seen live: let me check.");
    vera.socket().next(f -> f.path("type").asText().equals("message")
        && f.path("message").path("text").asText().startsWith("Seen live"), "the live reply");

    CLOCK.advance(Duration.ofSeconds(1)); // the absence begins after the live reply, wherever the close lands
    leavesThenGetsReply(vera, "Yes: the Pro plan starts next month.");
    CLOCK.advance(Duration.ofMinutes(3)); // 4 minutes gone: not yet

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> mailsTo(address).size() == 1);
    CLOCK.advance(Duration.ofMinutes(2));
    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(address).size() == 2);
    MimeMessage forward = mailsTo(address).get(1);
    assertThat(body(forward)).contains("Yes: the Pro plan starts next month.", "Alice").doesNotContain("Seen live");
    CLOCK.advance(Duration.ofMinutes(30));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> mailsTo(address).size() == 2);

    String answer = "From: " + address + "\r\nTo: support@example.com\r\nSubject: Re: " + forward.getSubject()
        + "\r\nMessage-ID: <" + UUID.randomUUID() + "@customer.example>\r\nIn-Reply-To: " + forward.getMessageID()
        + "\r\nReferences: " + forward.getMessageID() + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + "Great, please switch me.\r\n";
    HttpResponse<String> in = gateway.post("/email/inbound", "message/rfc822",
        answer.getBytes(StandardCharsets.UTF_8), TOKEN);
    assertThat(in.statusCode()).as(in.body()).isEqualTo(202);
    assertThat(Json.read(in.body()).path("conversationId").asText()).isEqualTo(vera.conversation().value());
    assertThat(await(gateway.store().messages(vera.conversation()))).extracting(Message::text)
        .contains("Great, please switch me.");
  }

  @Test
  void aClaimNeverProvedReceivesNothingButTheProofMail() throws Exception {
    String address = unique("mallory");
    Visitor mallory = visitor(address, "I am someone else");
    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(address).size() == 1); // the proof mail only
    leavesThenGetsReply(mallory, "Your order 7781 ships to 4 Elm Street.");
    double skipped = counted("no_proved_address");

    CLOCK.advance(Duration.ofMinutes(10));

    await().atMost(Duration.ofSeconds(10)).until(() -> counted("no_proved_address") > skipped);
    assertThat(mailsTo(address)).hasSize(1);
    assertThat(body(mailsTo(address).get(0))).doesNotContain("7781");
  }

  @Test
  void anAbsenceRecordedBeforeARestartIsForwardedOnceAfterIt() throws Exception {
    String address = unique("rita");
    Visitor rita = visitor(address, "Is my refund through?");
    prove(address);
    leavesThenGetsReply(rita, "The refund went out today.");

    gateway.restart();
    CLOCK.advance(Duration.ofMinutes(6));

    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(address).size() == 2);
    assertThat(body(mailsTo(address).get(1))).contains("The refund went out today.");
    CLOCK.advance(Duration.ofMinutes(6));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> mailsTo(address).size() == 2);
  }

  @Test
  void aVisitorReachedOnlyByPhoneGetsTheRepliesByTextAndTheirTextGoesOnInTheChat() throws Exception {
    String number = "+1555400" + NUMBERS.incrementAndGet();
    assertThat(sms(number, "Hi, I wrote in the chat too").statusCode()).isEqualTo(200);
    Visitor sam = visitor(null, "My parcel is lost");
    mergePhoneInto(sam.conversation(), number);
    leavesThenGetsReply(sam, "We sent a new parcel today.");

    CLOCK.advance(Duration.ofMinutes(5));

    await().atMost(Duration.ofSeconds(20)).until(() -> textsTo(number).size() == 1);
    assertThat(textsTo(number).get(0).get("Body")).contains("We sent a new parcel today.");
    assertThat(textsTo(number).get(0).get("From")).isEqualTo(OUR_NUMBER);
    assertThat(sms(number, "Thanks a lot").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> await(gateway.store().messages(sam.conversation())).stream()
        .anyMatch(m -> m.text().equals("Thanks a lot")));
  }

  @Test
  void aVisitorWhoTextedStopGetsNoText() throws Exception {
    String number = "+1555400" + NUMBERS.incrementAndGet();
    assertThat(sms(number, "STOP").statusCode()).isEqualTo(200);
    Visitor ola = visitor(null, "Where is my invoice?");
    mergePhoneInto(ola.conversation(), number);
    leavesThenGetsReply(ola, "Your invoice is attached to your account.");

    CLOCK.advance(Duration.ofMinutes(5));

    await().atMost(Duration.ofSeconds(20)).until(() -> await(gateway.store().messages(ola.conversation())).stream()
        .anyMatch(m -> ConversationStore.SYSTEM_AUTHOR.equals(m.author()) && m.delivery() == DeliveryStatus.FAILED
            && String.valueOf(m.deliveryDetail()).startsWith("opted_out")));
    assertThat(textsTo(number)).isEmpty();
  }

  @Test
  void aReplyWrittenMoreThanAWeekAfterTheVisitorLeftIsNotForwarded() throws Exception {
    String address = unique("late");
    Visitor late = visitor(address, "Any news?");
    prove(address);
    leavesThenGetsReply(late, "Still checking."); // the absence is recorded: it began a minute ago
    CLOCK.advance(Duration.ofDays(8));
    reply(late.conversation(), "Sorry for the long wait: here is the news.");

    CLOCK.advance(Duration.ofMinutes(10));

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> mailsTo(address).size() == 1);
  }
  @Test
  void theLinkInTheForwardReopensTheSameChatWithItsHistoryOnAnotherDeviceUntilItExpires() throws Exception {
    String address = unique("nora");
    Visitor nora = visitor(address, "Is the blue one in stock?");
    prove(address);
    leavesThenGetsReply(nora, "Yes, three left.");
    CLOCK.advance(Duration.ofMinutes(5));
    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(address).size() == 2);
    Matcher link = REOPEN_LINK.matcher(body(mailsTo(address).get(1)));
    assertThat(link.find()).as(body(mailsTo(address).get(1))).isTrue();

    // Another device: no token, only the link's token in hello.
    JsonSocket phone = JsonSocket.open(gateway.wsUri("/chat/ws"), ORIGIN);
    phone.send(JsonSocket.frame("hello").put("reopen", link.group(1)));
    JsonNode welcome = phone.next("welcome");
    assertThat(welcome.path("conversationId").asText()).isEqualTo(nora.conversation().value());
    String freshToken = welcome.path("visitorToken").asText();
    phone.next(f -> f.path("type").asText().equals("message")
        && f.path("message").path("text").asText().equals("Is the blue one in stock?"), "the visitor's message");
    phone.next(f -> f.path("type").asText().equals("message")
        && f.path("message").path("text").asText().equals("Yes, three left."), "the agent's reply");
    phone.send(JsonSocket.frame("message").put("text", "Great, I'll take one.").put("clientId", "p1"));
    assertThat(phone.next("ack").path("conversationId").asText()).isEqualTo(nora.conversation().value());
    phone.close();

    // The fresh token opens the same chat again, without the link.
    JsonSocket again = JsonSocket.open(gateway.wsUri("/chat/ws"), ORIGIN);
    again.send(JsonSocket.frame("hello").put("visitorToken", freshToken));
    assertThat(again.next("welcome").path("conversationId").asText()).isEqualTo(nora.conversation().value());
    again.close();

    // A forged token (another visitor id under this signature, or a token tampered with) opens nothing.
    String forgedToken = "0".repeat(64) + freshToken.substring(64);
    String forgedLink = "0".repeat(64) + link.group(1).substring(64);
    JsonSocket mallory = JsonSocket.open(gateway.wsUri("/chat/ws"), ORIGIN);
    mallory.send(JsonSocket.frame("hello").put("reopen", forgedLink));
    assertThat(mallory.next("error").path("code").asText()).isEqualTo("reopen_invalid");
    mallory.send(JsonSocket.frame("hello").put("visitorToken", forgedToken));
    assertThat(mallory.next("error").path("code").asText()).isEqualTo("bad_token");
    mallory.send(JsonSocket.frame("hello")); // still waiting for hello: a new, empty visitor
    assertThat(mallory.next("welcome").path("conversationId").isTextual()).isFalse();
    mallory.close();

    // A week later the link is refused, clearly and counted; the token it gave still works.
    CLOCK.advance(Duration.ofDays(8));
    double expired = reopens("expired");
    JsonSocket late = JsonSocket.open(gateway.wsUri("/chat/ws"), ORIGIN);
    late.send(JsonSocket.frame("hello").put("reopen", link.group(1)));
    JsonNode refused = late.next("error");
    assertThat(refused.path("code").asText()).isEqualTo("reopen_expired");
    assertThat(refused.path("message").asText()).contains("expired");
    assertThat(reopens("expired")).isEqualTo(expired + 1);
    late.close();
    assertThat(await(gateway.store().messages(nora.conversation()))).extracting(Message::text)
        .contains("Great, I'll take one.");
  }

  private static double reopens(String result) {
    var c = gateway.gateway().meters().find("switchboard.chat.reopen").tag("result", result).counter();
    return c == null ? 0 : c.count();
  }
}
