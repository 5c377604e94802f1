package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.OutboxLanes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every store's {@link Deliveries} must do, run on each database: the outbox's attempts, providers'
 * callbacks (never moving a state back), and callbacks held until their message is known. Tests share the
 * database, so each uses fresh addresses and looks only at its own rows.
 */
interface DeliveriesContract {

  Stores open(MutableClock clock, MeterRegistry meters);

  private Stores openAt(MutableClock clock) {
    return open(clock, new SimpleMeterRegistry());
  }

  /** The conversation's due outbox entries, among everyone else's. */
  private static List<OutboxEntry> due(ConversationStore store, Instant now, ConversationId conversation) {
    return await(OutboxLanes.dueInEveryLane(store, now, 1000)).stream()
        .filter(e -> e.conversationId().equals(conversation)).toList();
  }

  @Test
  default void attemptsRescheduleThenRemoveTheOutboxEntry() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = openAt(clock)) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.sms("+15550005555", "SM" + Inbound.messageId()).build()));
      Message reply = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "r1"));
      Instant later = clock.instant().plusSeconds(30);

      await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.QUEUED, "429 Too Many Requests", null, 1, later));
      assertThat(due(store, clock.instant(), r.conversationId())).isEmpty();
      assertThat(due(store, later, r.conversationId())).containsExactly(
          new OutboxEntry(reply.id(), r.conversationId(), 1, later));
      assertThat(await(store.message(reply.id())).orElseThrow().deliveryDetail()).isEqualTo("429 Too Many Requests");

      String sid = "SM" + Inbound.messageId();
      await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.SENT, null, sid, 2, null));
      assertThat(due(store, later, r.conversationId())).isEmpty();
      Message sent = await(store.message(reply.id())).orElseThrow();
      assertThat(sent.delivery()).isEqualTo(DeliveryStatus.SENT);
      assertThat(sent.externalId()).isEqualTo(sid);
      assertThat(await(store.messageByExternalId(Channel.SMS, sid))).map(Message::id).contains(reply.id());
    }
  }

  /** Two attempts that read the same entry: one claims it; none claims it once sent or retried. */
  @Test
  default void anEntryIsClaimedOnlyAsItWasRead() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = openAt(clock)) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.sms("+15550005556", "SM" + Inbound.messageId()).build()));
      Message reply = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "r1"));
      OutboxEntry read = due(store, clock.instant(), r.conversationId()).get(0);

      assertThat(claim(store, read, clock.instant())).isTrue();
      assertThat(await(store.message(reply.id())).orElseThrow().delivery()).isEqualTo(DeliveryStatus.SENDING);
      assertThat(claim(store, read, clock.instant())).isFalse();

      clock.advance(Duration.ofSeconds(63)); // the lease ran out: the send was cut off
      assertThat(claim(store, read, clock.instant())).isTrue();
      await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.PENDING, "timeout", null, 1, clock.instant()));
      assertThat(claim(store, read, clock.instant())).isFalse();
      OutboxEntry retry = due(store, clock.instant(), r.conversationId()).get(0);
      assertThat(claim(store, retry, clock.instant())).isTrue();
      String sid = "SM" + Inbound.messageId();
      await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.SENT, null, sid, 2, null));
      assertThat(claim(store, retry, clock.instant())).isFalse();
      assertThat(await(store.message(reply.id())).orElseThrow().delivery()).isEqualTo(DeliveryStatus.SENT);
    }
  }

  /**
   * A pacing defer moves an entry as its read found it, like a claim: not once it was deferred or claimed by
   * another attempt, retried, or sent (a late read's defer neither resets its attempts nor brings it back).
   */
  @Test
  default void anEntryIsDeferredOnlyAsItWasRead() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = openAt(clock)) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.sms("+15550005557", "SM" + Inbound.messageId()).build()));
      Message reply = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "r1"));
      OutboxEntry read = due(store, clock.instant(), r.conversationId()).get(0);
      Instant slot = clock.instant().plusSeconds(10);

      assertThat(defer(store, read, clock.instant(), slot)).isTrue();
      assertThat(due(store, clock.instant(), r.conversationId())).isEmpty();
      assertThat(defer(store, read, clock.instant(), clock.instant().plusSeconds(20))).isFalse();
      assertThat(due(store, slot, r.conversationId())).containsExactly(
          new OutboxEntry(reply.id(), r.conversationId(), 0, slot));

      clock.advance(Duration.ofSeconds(10));
      OutboxEntry back = due(store, clock.instant(), r.conversationId()).get(0);
      assertThat(claim(store, back, clock.instant())).isTrue();
      assertThat(defer(store, back, clock.instant(), clock.instant().plusSeconds(1))).isFalse(); // its lease stays
      Instant retryAt = clock.instant().plusSeconds(30);
      await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.PENDING, "timeout", null, 1, retryAt));
      assertThat(defer(store, back, retryAt, retryAt.plusSeconds(1))).isFalse();
      assertThat(due(store, retryAt, r.conversationId())).containsExactly(
          new OutboxEntry(reply.id(), r.conversationId(), 1, retryAt));

      await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.SENT, null, "SM" + Inbound.messageId(), 2,
          null));
      OutboxEntry retry = new OutboxEntry(reply.id(), r.conversationId(), 1, retryAt);
      assertThat(defer(store, retry, retryAt, retryAt.plusSeconds(1))).isFalse();
      assertThat(due(store, retryAt.plusSeconds(1), r.conversationId())).isEmpty();
    }
  }

  @Test
  default void aClaimIsGivenBackOnlyWhileTheEntryStillHoldsIt() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = openAt(clock)) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.sms("+15550005558", "SM" + Inbound.messageId()).build()));
      Message reply = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "r1"));
      // A reply that failed once: its detail is part of what a give-back puts back.
      Instant firstRetry = clock.instant().plusSeconds(5);
      await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.PENDING, "twilio 503", null, 1, firstRetry));
      clock.advance(Duration.ofSeconds(5));
      OutboxEntry read = due(store, clock.instant(), r.conversationId()).get(0);
      Message asRead = await(store.message(reply.id())).orElseThrow();
      Instant lease = clock.instant().plusSeconds(62);
      assertThat(await(store.deliveries().claimOutbox(read, clock.instant(), lease))).isTrue();

      assertThat(await(store.deliveries().releaseClaim(read, lease, asRead))).isTrue();
      assertThat(due(store, clock.instant(), r.conversationId())).containsExactly(read);
      Message back = await(store.message(reply.id())).orElseThrow();
      assertThat(back.delivery()).isEqualTo(DeliveryStatus.PENDING);
      assertThat(back.deliveryDetail()).isEqualTo("twilio 503");

      // Claimed again by a later attempt: a late give-back of the old claim leaves the new one be.
      clock.advance(Duration.ofSeconds(1));
      assertThat(claim(store, read, clock.instant())).isTrue();
      assertThat(await(store.deliveries().releaseClaim(read, lease, asRead))).isFalse();
      assertThat(await(store.message(reply.id())).orElseThrow().delivery()).isEqualTo(DeliveryStatus.SENDING);
      assertThat(due(store, lease, r.conversationId())).isEmpty();

      // Sent: nothing left to give back.
      await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.SENT, null, "SM" + Inbound.messageId(), 2,
          null));
      assertThat(await(store.deliveries().releaseClaim(read, clock.instant().plusSeconds(62), asRead))).isFalse();
      assertThat(await(store.message(reply.id())).orElseThrow().delivery()).isEqualTo(DeliveryStatus.SENT);
    }
  }

  private static boolean defer(ConversationStore store, OutboxEntry read, Instant now, Instant at) {
    return await(store.deliveries().deferOutbox(read, now, at));
  }

  /** Claims {@code read} at {@code now} with the outbox's lease of about a minute. */
  private static boolean claim(ConversationStore store, OutboxEntry read, Instant now) {
    return await(store.deliveries().claimOutbox(read, now, now.plusSeconds(62)));
  }

  @Test
  default void deliveryCallbackMovesStatusButNeverBackFromFinal() {
    try (Stores stores = openAt(MutableClock.startingAt("2026-01-05T10:00:00Z"))) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.sms("+15550006666", "SM" + Inbound.messageId()).build()));
      Message reply = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "r1"));
      String sid = "SM" + Inbound.messageId();
      await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.SENT, null, sid, 1, null));

      Message delivered = await(store.deliveries().updateDelivery(Channel.SMS, sid, DeliveryStatus.DELIVERED, "delivered"))
          .orElseThrow();
      Message late = await(store.deliveries().updateDelivery(Channel.SMS, sid, DeliveryStatus.SENT, "sent")).orElseThrow();

      assertThat(delivered.id()).isEqualTo(reply.id());
      assertThat(delivered.delivery()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(late.delivery()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(await(store.deliveries().updateDelivery(Channel.SMS, "SM-unknown", DeliveryStatus.SENT, null))).isEmpty();
      assertThat(await(store.deliveries().updateDelivery(Channel.EMAIL, sid, DeliveryStatus.FAILED, null))).isEmpty();
    }
  }

  @Test
  default void aCallbackThatOvertakesTheOutboxIsHeldAndAppliedWhenTheIdIsRecorded() {
    try (Stores stores = openAt(MutableClock.startingAt("2026-01-05T10:00:00Z"))) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.sms(Inbound.phone(), "SM" + Inbound.messageId()).build()));
      Message reply = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "r1"));
      String sid = "SM" + Inbound.messageId();

      assertThat(await(store.deliveries().updateDelivery(Channel.SMS, sid, DeliveryStatus.DELIVERED, "delivered"))).isEmpty();
      assertThat(await(store.deliveries().updateDelivery(Channel.SMS, sid, DeliveryStatus.SENT, "sent"))).isEmpty();
      assertThat(await(store.message(reply.id())).orElseThrow().delivery()).isEqualTo(DeliveryStatus.QUEUED);

      Message recorded = await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.SENT, null, sid, 1, null));

      assertThat(recorded.delivery()).as("the held 'delivered', not the late 'sent'").isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(recorded.deliveryDetail()).isEqualTo("delivered");
      assertThat(await(store.message(reply.id())).orElseThrow().delivery()).isEqualTo(DeliveryStatus.DELIVERED);
      HeldUpdates sweep = await(store.deliveries().sweepHeldDeliveryUpdates(Channel.SMS, Instant.EPOCH));
      assertThat(sweep.applied()).noneMatch(m -> m.id().equals(reply.id())); // applied once, then gone
    }
  }

  @Test
  default void heldUpdatesSurviveARestartAndOnlyOldOnesAreDropped() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    String sid = "SM" + Inbound.messageId();
    String never = "SM" + Inbound.messageId();
    Message reply;
    try (Stores stores = openAt(clock)) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.sms(Inbound.phone(), "SM" + Inbound.messageId()).build()));
      reply = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "r1"));
      await(store.deliveries().updateDelivery(Channel.SMS, never, DeliveryStatus.DELIVERED, null));
      clock.advance(Duration.ofMinutes(1));
      await(store.deliveries().updateDelivery(Channel.SMS, sid, DeliveryStatus.FAILED, "undelivered: 30003"));
    }
    try (Stores stores = openAt(clock)) {
      ConversationStore store = stores.conversations();
      HeldUpdates sweep = await(store.deliveries().sweepHeldDeliveryUpdates(Channel.SMS, clock.instant().minusSeconds(30)));
      assertThat(sweep.dropped()).as("the update no message claimed, held a minute ago").isGreaterThanOrEqualTo(1);

      Message recorded = await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.SENT, null, sid, 1, null));
      assertThat(recorded.delivery()).as("held across the restart, kept by the sweep").isEqualTo(DeliveryStatus.FAILED);
      assertThat(recorded.deliveryDetail()).isEqualTo("undelivered: 30003");
    }
  }
}
