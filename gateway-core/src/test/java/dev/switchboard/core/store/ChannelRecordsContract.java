package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.OutboxLanes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What a store keeps for the channels beside the conversations: opt-outs per pair of addresses
 * ({@link ConversationStore#optOuts}), the channels' small state ({@link ConversationStore#channelState}),
 * messages sent inline. Run against each database with the
 * rest of {@link ConversationStoreContract}; tests share the database, so each uses fresh addresses.
 */
interface ChannelRecordsContract extends ConversationStoreContract {

  private Stores openAt(MutableClock clock) {
    return open(clock, new SimpleMeterRegistry());
  }

  @Test
  default void optOutIsKeptPerPairOfAddressesAndTheLatestChoiceWins() {
    try (Stores stores = openAt(MutableClock.startingAt("2026-01-05T10:00:00Z"))) {
      ConversationStore store = stores.conversations();
      String customer = Inbound.phone();
      Instant t0 = Instant.parse("2026-01-05T10:00:00Z");

      assertThat(await(store.optOuts().find(Channel.SMS, customer, "+15550001111"))).isEmpty();
      OptOutState out = await(store.optOuts().record(Channel.SMS, customer, "+15550001111", new OptOutState(true, t0)));

      assertThat(out).isEqualTo(new OptOutState(true, t0));
      assertThat(await(store.optOuts().find(Channel.SMS, customer, "+15550001111"))).contains(out);
      assertThat(await(store.optOuts().find(Channel.SMS, customer, "+15550002222"))).as("another of our numbers").isEmpty();
      assertThat(await(store.optOuts().find(Channel.EMAIL, customer, "+15550001111"))).as("another channel").isEmpty();

      // A START recorded after a later STOP (a replay, or two nodes) does not undo it; a later START does.
      OptOutState stale = await(store.optOuts().record(Channel.SMS, customer, "+15550001111",
          new OptOutState(false, t0.minusSeconds(5))));
      assertThat(stale).isEqualTo(out);
      OptOutState sameTime = await(store.optOuts().record(Channel.SMS, customer, "+15550001111",
          new OptOutState(false, t0)));
      assertThat(sameTime).isEqualTo(out);
      OptOutState later = await(store.optOuts().record(Channel.SMS, customer, "+15550001111",
          new OptOutState(false, t0.plusSeconds(60))));
      assertThat(later).isEqualTo(new OptOutState(false, t0.plusSeconds(60)));
    }
  }

  @Test
  default void aMessageSentInlineIsStoredAsSentWithoutAnOutboxEntryAndOnce() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = openAt(clock)) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.sms(Inbound.phone(), "SM" + Inbound.messageId()).build()));

      Message help = await(store.appendSentMessage(r.conversationId(), ConversationStore.SYSTEM_AUTHOR,
          "Text STOP to opt out.", "help:SM1"));
      Message again = await(store.appendSentMessage(r.conversationId(), ConversationStore.SYSTEM_AUTHOR,
          "Text STOP to opt out.", "help:SM1"));

      assertThat(help.direction()).isEqualTo(Direction.OUT);
      assertThat(help.delivery()).isEqualTo(DeliveryStatus.SENT);
      assertThat(again.id()).isEqualTo(help.id());
      assertThat(await(store.messages(r.conversationId()))).filteredOn(m -> m.direction() == Direction.OUT)
          .hasSize(1);
      assertThat(await(OutboxLanes.dueInEveryLane(store, Instant.parse("2030-01-01T00:00:00Z"), 1000)))
          .noneMatch(e -> e.conversationId().equals(r.conversationId()));
      assertThat(await(store.conversation(r.conversationId())).orElseThrow().firstRespondedAt()).isNull();
    }
  }

  @Test
  default void channelStateIsKeptPerChannelAndOverwritten() {
    try (Stores stores = openAt(MutableClock.startingAt("2026-01-05T10:00:00Z"))) {
      ConversationStore store = stores.conversations();
      await(store.channelState().put(Channel.EMAIL, "uidvalidity", "1"));
      await(store.channelState().put(Channel.EMAIL, "uidvalidity", "2"));
      await(store.channelState().put(Channel.SMS, "uidvalidity", "sms"));

      assertThat(await(store.channelState().get(Channel.EMAIL, "uidvalidity"))).contains("2");
      assertThat(await(store.channelState().get(Channel.SMS, "uidvalidity"))).contains("sms");
      assertThat(await(store.channelState().get(Channel.CHAT, "uidvalidity"))).isEmpty();
    }
  }
}
