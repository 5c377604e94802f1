package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.config.DataSize;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.OptOutState;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.OutboxLanes;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbound webhook handler on a real SQLite store, without the HTTP transport. */
class InboundSmsHandlerTest {

  private static final String CUSTOMER = TestConfigs.CUSTOMER;

  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.startingAt("2026-11-24T18:00:00Z");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private FakeTwilioApi twilio;
  private Stores stores;
  private SmsSettings settings;
  private int sids;

  @BeforeEach
  void start() throws Exception {
    twilio = new FakeTwilioApi();
    stores = TestStores.sqlite(dir, clock);
    settings = SmsSettings.from(TestConfigs.gateway(TestConfigs.PUBLIC_URL,
        TestConfigs.sms(twilio.baseUrl(), DataSize.ofKilobytes(64))));
  }

  @AfterEach
  void stop() {
    stores.close();
    twilio.close();
  }

  private InboundSmsHandler handler(Ingest ingest) {
    SmsMetrics metrics = new SmsMetrics(meters);
    return new InboundSmsHandler(settings, new WebhookGuard(settings, metrics),
        new MediaFetcher(settings, stores.blobs(), metrics, MediaFetcher.newHttpClient()), ingest, store(),
        new OptOut(store(), clock), metrics, clock, Runnable::run,
        new dev.switchboard.core.csat.Csat(store().csat(), new EventBus(), meters));
  }

  private InboundSmsHandler handler() {
    return handler(new StoreIngest(store(), new EventBus()));
  }

  private ConversationStore store() {
    return stores.conversations();
  }

  private Map<String, String> sms(String body) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("MessageSid", String.format("SM%032d", ++sids));
    f.put("AccountSid", FakeTwilioApi.ACCOUNT_SID);
    f.put("From", CUSTOMER);
    f.put("To", TestConfigs.OUR_NUMBER);
    f.put("Body", body);
    f.put("NumMedia", "0");
    return f;
  }

  private static TestRequest signed(Map<String, String> fields) {
    return TestRequest.signedForm(TestConfigs.PUBLIC_URL, SmsSettings.INBOUND_PATH, FakeTwilioApi.AUTH_TOKEN, fields);
  }

  private static String text(HttpResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** The handler's answer; a failed stage throws its cause, as a synchronous handler would. */
  static HttpResponse answer(CompletionStage<HttpResponse> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private Optional<Contact> contact() throws Exception {
    return await(store().contacts().byIdentity(Identity.phone(CUSTOMER)));
  }

  /** The customer's consent for one of our numbers, as stored: true opted out, false opted back in. */
  private Optional<Boolean> optedOut(String ourNumber) throws Exception {
    return await(store().optOuts().find(Channel.SMS, CUSTOMER, ourNumber)).map(OptOutState::optedOut);
  }

  private List<Message> messages() throws Exception {
    Message any = await(store().messageByExternalId(Channel.SMS, String.format("SM%032d", 1))).orElseThrow();
    return await(store().messages(any.conversationId()));
  }

  @Test
  void duplicateMessageSidIsStoredOnceAndItsMediaFetchedOnce() throws Exception {
    Map<String, String> fields = sms("See photo");
    fields.put("NumMedia", "1");
    fields.put("MediaUrl0", twilio.addMedia(fields.get("MessageSid"), "ME1", "image/png", new byte[] {1, 2, 3})
        .toString());
    fields.put("MediaContentType0", "image/png");

    HttpResponse first = answer(handler().handle(signed(fields)));
    HttpResponse replay = answer(handler().handle(signed(fields)));

    assertThat(first.status()).isEqualTo(200);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(text(replay)).isEqualTo(text(first)).endsWith("<Response/>");
    assertThat(messages()).singleElement().satisfies(m -> assertThat(m.attachments()).hasSize(1));
    assertThat(twilio.mediaRequests()).hasSize(1);
    assertThat(meters.counter("switchboard.sms.received").count()).isEqualTo(1);
    assertThat(meters.counter("switchboard.sms.duplicates").count()).isEqualTo(1);
  }

  @Test
  void answersOnlyAfterTheCommit() throws Exception {
    Ingest real = new StoreIngest(store(), new EventBus());
    CompletableFuture<Void> ingestCalled = new CompletableFuture<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    InboundSmsHandler handler = handler(message -> {
      ingestCalled.complete(null);
      return release.thenCompose(v -> real.accept(message));
    });

    CompletableFuture<HttpResponse> answer = CompletableFuture.supplyAsync(() -> handler.handle(signed(sms("Hi"))))
        .thenCompose(stage -> stage);
    ingestCalled.get(10, TimeUnit.SECONDS);

    assertThat(answer).isNotDone();
    assertThat(contact()).isEmpty();
    release.complete(null);
    assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(messages()).extracting(Message::text).containsExactly("Hi");
  }

  @Test
  void failedCommitAnswers503SoTwilioDoesNotTakeItAsDone() {
    InboundSmsHandler handler = handler(message -> CompletableFuture.failedFuture(new IllegalStateException("disk full")));

    assertThatThrownBy(() -> answer(handler.handle(signed(sms("Hi")))))
        .isInstanceOfSatisfying(HttpException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("unavailable");
        });
  }

  @Test
  void forgedWebhookStoresNothing() throws Exception {
    TestRequest forged = TestRequest.signedForm(TestConfigs.PUBLIC_URL, SmsSettings.INBOUND_PATH, "guess", sms("Hi"));

    HttpResponse r = answer(handler().handle(forged));

    assertThat(r.status()).isEqualTo(403);
    assertThat(text(r)).contains("\"error\":\"forbidden\"");
    assertThat(contact()).isEmpty();
  }

  @Test
  void stopThenStartMovesTheContactsConsent() throws Exception {
    answer(handler().handle(signed(sms("Hello"))));
    clock.advance(Duration.ofMinutes(1));
    answer(handler().handle(signed(sms("STOP"))));
    assertThat(optedOut(TestConfigs.OUR_NUMBER)).contains(true);
    assertThat(optedOut(TestConfigs.OTHER_NUMBER)).as("kept per pair of numbers").isEmpty();

    clock.advance(Duration.ofMinutes(1));
    answer(handler().handle(signed(sms("Start"))));

    assertThat(optedOut(TestConfigs.OUR_NUMBER)).contains(false);
    assertThat(messages()).extracting(Message::text).containsExactly("Hello", "STOP", "Start");
    assertThat(meters.counter("switchboard.sms.keywords", "keyword", "opt_out").count()).isEqualTo(1);
  }

  @Test
  void replayOfAnOldStopDoesNotUndoALaterStart() throws Exception {
    answer(handler().handle(signed(sms("Hello"))));
    clock.advance(Duration.ofMinutes(1));
    Map<String, String> stop = sms("STOP");
    answer(handler().handle(signed(stop)));
    clock.advance(Duration.ofMinutes(1));
    answer(handler().handle(signed(sms("START"))));

    clock.advance(Duration.ofMinutes(1));
    answer(handler().handle(signed(stop)));

    assertThat(optedOut(TestConfigs.OUR_NUMBER)).contains(false);
  }

  @Test
  void helpIsAnsweredWithTheConfiguredText() throws Exception {
    HttpResponse r = answer(handler().handle(signed(sms("HELP"))));

    assertThat(r.contentType()).startsWith("text/xml");
    assertThat(text(r)).endsWith("<Response><Message>Support &amp; Co: reply with your question. Text STOP to "
        + "opt out.</Message></Response>");
    assertThat(optedOut(TestConfigs.OUR_NUMBER)).isEmpty();
    assertThat(messages()).extracting(Message::direction, Message::text, Message::delivery).containsExactly(
        tuple(Direction.IN, "HELP", DeliveryStatus.RECEIVED),
        tuple(Direction.OUT, TestConfigs.HELP, DeliveryStatus.SENT));
  }

  @Test
  void aReplayedHelpStoresItsAnswerOnceAndWaitsInNoOutbox() throws Exception {
    Map<String, String> help = sms("HELP");
    answer(handler().handle(signed(help)));
    HttpResponse again = answer(handler().handle(signed(help)));

    assertThat(text(again)).contains("<Message>");
    assertThat(messages()).filteredOn(m -> m.direction() == Direction.OUT).singleElement()
        .satisfies(m -> assertThat(m.author()).isEqualTo(ConversationStore.SYSTEM_AUTHOR));
    assertThat(await(OutboxLanes.dueInEveryLane(store(), clock.instant().plus(Duration.ofDays(1)), 10))).isEmpty();
  }

  @Test
  void oversizedMediaIsLeftOutButTheMessageKept() throws Exception {
    Map<String, String> fields = sms("");
    fields.put("NumMedia", "1");
    fields.put("MediaUrl0", twilio.addMedia(fields.get("MessageSid"), "ME1", "video/mp4", new byte[70_000], false,
        false).toString());
    fields.put("MediaContentType0", "video/mp4");

    assertThat(answer(handler().handle(signed(fields))).status()).isEqualTo(200);

    assertThat(messages()).singleElement().satisfies(m -> {
      assertThat(m.attachments()).isEmpty();
      assertThat(m.text()).isEqualTo("[MMS media 1 (video/mp4) not stored: too large]");
    });
  }

  @Test
  void webhookForAnotherAccountIsRefused() throws Exception {
    Map<String, String> fields = sms("Hi");
    fields.put("AccountSid", "AC99999999999999999999999999999999");

    HttpResponse r = answer(handler().handle(signed(fields)));

    assertThat(r.status()).isEqualTo(400);
    assertThat(contact()).isEmpty();
  }
}
