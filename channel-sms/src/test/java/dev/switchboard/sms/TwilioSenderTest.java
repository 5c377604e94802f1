package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.TwilioRestClient;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Twilio SDK, through {@link RebasingHttpClient}, against a local stand-in of Twilio's API. */
class TwilioSenderTest {

  private FakeTwilioApi twilio;
  private RebasingHttpClient http;
  private ExecutorService executor;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<OutboundMessage> optedOutAtTwilio = new CopyOnWriteArrayList<>();
  private TwilioSender sender;

  @BeforeEach
  void start() throws Exception {
    twilio = new FakeTwilioApi();
    executor = Executors.newSingleThreadExecutor();
    sender = senderFor(twilio.baseUrl(), FakeTwilioApi.AUTH_TOKEN);
  }

  private TwilioSender senderFor(URI apiBase, String authToken) {
    SmsSettings settings = TestConfigs.settings(apiBase);
    http = new RebasingHttpClient(apiBase);
    TwilioRestClient.Builder client = new TwilioRestClient.Builder(settings.accountSid(), authToken).httpClient(http);
    return new TwilioSender(settings, client, executor, new SmsMetrics(meters), optedOutAtTwilio::add,
        new MediaLinks((id, ttl) -> URI.create("https://support.example.com/media/" + id)));
  }

  @AfterEach
  void stop() throws Exception {
    executor.shutdownNow();
    http.close();
    twilio.close();
  }

  private Delivery send(OutboundMessage m) throws Exception {
    return sender.send(m).toCompletableFuture().get(Duration.ofSeconds(20).toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Test
  void replyReachesTwilioFromTheNumberTheCustomerWroteTo() throws Exception {
    Delivery d = send(Outbound.reply("We are on it & will call you <today>."));

    assertThat(d).isInstanceOf(Delivery.Sent.class);
    assertThat(((Delivery.Sent) d).externalId()).startsWith("SM").hasSize(34);
    assertThat(twilio.messageRequests()).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/2010-04-01/Accounts/" + FakeTwilioApi.ACCOUNT_SID + "/Messages.json");
      assertThat(r.form()).containsEntry("To", TestConfigs.CUSTOMER)
          .containsEntry("From", TestConfigs.OTHER_NUMBER)
          .containsEntry("Body", "We are on it & will call you <today>.")
          .containsEntry("StatusCallback", "https://support.example.com/sms/twilio/status");
      assertThat(r.authorization()).contains(FakeTwilioApi.basicAuth(FakeTwilioApi.ACCOUNT_SID,
          FakeTwilioApi.AUTH_TOKEN));
    });
    assertThat(meters.counter("switchboard.sms.sent").count()).isEqualTo(1);
  }

  @Test
  void everyAttemptOfAReplyCarriesTheSameIdempotencyTokenAndAnotherReplyAnother() throws Exception {
    twilio.failAlways(new FakeTwilioApi.Failure(500, 20500, "Internal Server Error"));
    OutboundMessage reply = Outbound.reply("First answer");
    OutboundMessage other = Outbound.reply("Second answer");

    assertThat(send(reply)).isInstanceOf(Delivery.Retry.class); // the SDK's own retries, then the outbox's
    twilio.failAlways(null);
    assertThat(send(reply)).isInstanceOf(Delivery.Sent.class);
    assertThat(send(other)).isInstanceOf(Delivery.Sent.class);

    List<String> tokens = twilio.messageRequests().stream().map(r -> r.idempotencyToken().orElseThrow()).toList();
    assertThat(tokens).hasSizeGreaterThanOrEqualTo(3);
    assertThat(tokens.subList(0, tokens.size() - 1)).containsOnly(reply.message().id().value());
    assertThat(tokens).last().isEqualTo(other.message().id().value());
  }

  @Test
  void proactiveConversationSendsFromTheFirstConfiguredNumber() throws Exception {
    send(Outbound.reply("outreach-7", TestConfigs.CUSTOMER, "Your order shipped", Map.of()));

    assertThat(twilio.messageRequests()).singleElement()
        .satisfies(r -> assertThat(r.form()).containsEntry("From", TestConfigs.OUR_NUMBER));
  }

  @Test
  void unsubscribedRecipientFailsWithTwiliosCodeAndIsRecordedAsOptedOut() throws Exception {
    twilio.failNext(400, 21610, "Attempt to send to unsubscribed recipient");
    OutboundMessage reply = Outbound.reply("Hello?");

    Delivery d = send(reply);

    assertThat(d).isInstanceOf(Delivery.Failed.class);
    assertThat(((Delivery.Failed) d).code()).isEqualTo("21610");
    assertThat(((Delivery.Failed) d).reason()).contains("opted out");
    assertThat(optedOutAtTwilio).containsExactly(reply);
    assertThat(meters.counter("switchboard.sms.send.failures", "code", "21610").count()).isEqualTo(1);
  }

  @Test
  void invalidNumberFailsForGood() throws Exception {
    twilio.failNext(400, 21211, "The 'To' number is not a valid phone number.");

    assertThat(send(Outbound.reply("Hi"))).isInstanceOf(Delivery.Failed.class)
        .extracting(d -> ((Delivery.Failed) d).code()).isEqualTo("21211");
    assertThat(optedOutAtTwilio).isEmpty();
  }

  @Test
  void passingServerErrorIsRiddenOutByTheSdksOwnRetry() throws Exception {
    twilio.failNext(500, 20500, "Internal Server Error");

    assertThat(send(Outbound.reply("Hi"))).isInstanceOf(Delivery.Sent.class);
    assertThat(twilio.messageRequests()).hasSize(2);
  }

  @Test
  void persistentServerErrorIsRetriedLaterByTheOutbox() throws Exception {
    twilio.failAlways(new FakeTwilioApi.Failure(500, 20500, "Internal Server Error"));

    assertThat(send(Outbound.reply("Hi"))).isInstanceOf(Delivery.Retry.class);
    assertThat(meters.counter("switchboard.sms.send.retries", "reason", "5xx").count()).isEqualTo(1);
  }

  @Test
  void persistentRateLimitIsRetriedLaterByTheOutbox() throws Exception {
    twilio.failAlways(new FakeTwilioApi.Failure(429, 20429, "Too Many Requests"));

    assertThat(send(Outbound.reply("Hi"))).isInstanceOf(Delivery.Retry.class);
    assertThat(meters.counter("switchboard.sms.send.retries", "reason", "429").count()).isEqualTo(1);
  }

  @Test
  void unreachableApiIsRetriedLater() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    http.close();
    sender = senderFor(URI.create("http://127.0.0.1:" + closedPort), FakeTwilioApi.AUTH_TOKEN);

    assertThat(send(Outbound.reply("Hi"))).isInstanceOf(Delivery.Retry.class);
    assertThat(meters.counter("switchboard.sms.send.retries", "reason", "network").count()).isEqualTo(1);
  }

  @Test
  void wrongCredentialsFailWithTwiliosAuthCode() throws Exception {
    http.close();
    sender = senderFor(twilio.baseUrl(), "wrong-token");

    assertThat(send(Outbound.reply("Hi"))).isEqualTo(
        new Delivery.Failed("20003", "Twilio 20003: Twilio rejected the account credentials (Authenticate)"));
  }
}
