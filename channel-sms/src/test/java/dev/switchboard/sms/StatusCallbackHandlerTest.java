package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status callback handler on a real SQLite store, without the HTTP transport. */
class StatusCallbackHandlerTest {

  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.startingAt("2026-11-24T18:00:00Z");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final EventBus events = new EventBus();
  private final List<GatewayEvent.DeliveryUpdated> updates = new CopyOnWriteArrayList<>();
  private Stores stores;
  private StatusCallbackHandler handler;

  @BeforeEach
  void start() {
    stores = TestStores.sqlite(dir, clock);
    events.subscribe(e -> {
      if (e instanceof GatewayEvent.DeliveryUpdated u) {
        updates.add(u);
      }
    });
    SmsSettings settings = TestConfigs.settings(URI.create("http://127.0.0.1:9"));
    SmsMetrics metrics = new SmsMetrics(meters);
    handler = new StatusCallbackHandler(new WebhookGuard(settings, metrics), store(), events, metrics, clock);
  }

  @AfterEach
  void stop() {
    stores.close();
  }

  private ConversationStore store() {
    return stores.conversations();
  }

  /** An agent's reply in a fresh conversation; {@code sid} recorded as sent when not null. */
  private Message reply(String sid) throws Exception {
    IngestResult in = await(new StoreIngest(store(), events).accept(InboundMessage.builder(Channel.SMS,
        Identity.phone(TestConfigs.CUSTOMER), "SMin" + System.nanoTime(), "k").text("hi")
        .receivedAt(clock.instant()).build()));
    Message m = await(store().appendAgentMessage(in.conversationId(), Direction.OUT, "alice", "hello", "c1"));
    if (sid != null) {
      record(m, sid);
    }
    return m;
  }

  private void record(Message m, String sid) throws Exception {
    await(store().deliveries().recordAttempt(m.id(), DeliveryStatus.SENT, null, sid, 1, null));
  }

  private HttpResponse callback(String sid, String status, String errorCode) throws Exception {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("MessageSid", sid);
    f.put("MessageStatus", status);
    f.put("AccountSid", FakeTwilioApi.ACCOUNT_SID);
    if (errorCode != null) {
      f.put("ErrorCode", errorCode);
    }
    return InboundSmsHandlerTest.answer(handler.handle(TestRequest.signedForm(TestConfigs.PUBLIC_URL,
        SmsSettings.STATUS_PATH, FakeTwilioApi.AUTH_TOKEN, f)));
  }

  private DeliveryStatus delivery(Message m) throws Exception {
    return await(store().message(m.id())).orElseThrow().delivery();
  }

  @Test
  void deliveredCallbackMovesTheReplyAndTellsTheAgent() throws Exception {
    Message m = reply("SM11111111111111111111111111111111");

    assertThat(callback("SM11111111111111111111111111111111", "delivered", null).status()).isEqualTo(200);

    assertThat(delivery(m)).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(updates).containsExactly(
        new GatewayEvent.DeliveryUpdated(m.conversationId(), m.id(), DeliveryStatus.DELIVERED, "delivered"));
  }

  @Test
  void lateCallbacksDoNotMoveTheReplyBack() throws Exception {
    Message m = reply("SM22222222222222222222222222222222");
    callback("SM22222222222222222222222222222222", "delivered", null);

    callback("SM22222222222222222222222222222222", "sent", null);
    callback("SM22222222222222222222222222222222", "queued", null);

    assertThat(delivery(m)).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(updates).hasSize(1);
  }

  @Test
  void queuedAfterSentIsIgnored() throws Exception {
    Message m = reply("SM33333333333333333333333333333333");

    callback("SM33333333333333333333333333333333", "queued", null);

    assertThat(delivery(m)).isEqualTo(DeliveryStatus.SENT);
    assertThat(updates).isEmpty();
  }

  @Test
  void undeliveredCarriesTwiliosErrorForTheAgent() throws Exception {
    Message m = reply("SM44444444444444444444444444444444");

    callback("SM44444444444444444444444444444444", "undelivered", "30007");

    Message stored = await(store().message(m.id())).orElseThrow();
    assertThat(stored.delivery()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(stored.deliveryDetail()).isEqualTo("undelivered: Twilio 30007: the carrier filtered the message");
  }

  @Test
  void callbackThatOvertakesTheOutboxIsAppliedOnceTheSidIsRecorded() throws Exception {
    Message m = reply(null);

    assertThat(callback("SM55555555555555555555555555555555", "delivered", null).status()).isEqualTo(200);
    assertThat(meters.counter("switchboard.sms.status.held").count()).isEqualTo(1);
    record(m, "SM55555555555555555555555555555555");

    assertThat(delivery(m)).isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void aHeldCallbackSurvivesARestartOfTheStore() throws Exception {
    Message m = reply(null);
    callback("SM77777777777777777777777777777777", "undelivered", "30003");
    stores.close();
    stores = TestStores.sqlite(dir, clock);

    record(m, "SM77777777777777777777777777777777");

    Message stored = await(store().message(m.id())).orElseThrow();
    assertThat(stored.delivery()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(stored.deliveryDetail()).startsWith("undelivered: Twilio 30003");
  }

  @Test
  void aHeldCallbackNoMessageClaimsWithinADayIsDroppedAndCounted() throws Exception {
    callback("SM88888888888888888888888888888888", "delivered", null);
    clock.advance(StatusCallbackHandler.HELD_FOR.minusMinutes(1));
    await(handler.sweepHeld());
    assertThat(meters.find("switchboard.sms.status.unmatched").counter()).isNull();

    clock.advance(Duration.ofMinutes(2));
    await(handler.sweepHeld());

    assertThat(meters.counter("switchboard.sms.status.unmatched").count()).isEqualTo(1);
    Message late = reply(null);
    record(late, "SM88888888888888888888888888888888");
    assertThat(delivery(late)).as("dropped, so not applied").isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void callbackWithoutStatusIsRefused() throws Exception {
    HttpResponse r = InboundSmsHandlerTest.answer(handler.handle(TestRequest.signedForm(TestConfigs.PUBLIC_URL,
        SmsSettings.STATUS_PATH, FakeTwilioApi.AUTH_TOKEN, Map.of("MessageSid", "SM1"))));

    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void forgedCallbackChangesNothing() throws Exception {
    Message m = reply("SM66666666666666666666666666666666");

    HttpResponse r = InboundSmsHandlerTest.answer(handler.handle(TestRequest.signedForm(TestConfigs.PUBLIC_URL,
        SmsSettings.STATUS_PATH, "guess",
        Map.of("MessageSid", "SM66666666666666666666666666666666", "MessageStatus", "failed"))));

    assertThat(r.status()).isEqualTo(403);
    assertThat(delivery(m)).isEqualTo(DeliveryStatus.SENT);
  }
}
