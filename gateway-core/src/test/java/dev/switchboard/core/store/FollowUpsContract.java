package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the store does with follow-ups, on each database: a due one becomes one outbound message with its
 * outbox entry, in the transaction that closes it, unless the customer wrote since it was scheduled.
 */
interface FollowUpsContract extends ConversationStoreContract {

  /** A new e-mail conversation; returns its id and thread key. */
  private static String[] emailConversation(ConversationStore store, String from) {
    String id = Inbound.messageId();
    IngestResult r = await(store.ingest(Inbound.email(from, id).build()));
    return new String[] {r.conversationId().value(), id};
  }

  private static FollowUp followUp(String conversation, String author, String clientId, Instant now, Duration in) {
    return FollowUp.schedule(new ConversationId(conversation), author, clientId, "Did that fix it?", now.plus(in), now);
  }

  private static List<Message> messages(ConversationStore store, String conversation) {
    return await(store.messages(new ConversationId(conversation)));
  }

  @Test
  default void aDueFollowUpBecomesOneOutboundMessageWithItsOutboxEntry() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String conversation = emailConversation(store, Inbound.address())[0];
      FollowUp f = await(store.followUps().schedule(followUp(conversation, "alice", "c1", clock.instant(),
          Duration.ofHours(2))));

      assertThat(await(store.followUps().due(clock.instant(), 10))).extracting(FollowUp::id).doesNotContain(f.id());
      clock.advance(Duration.ofHours(2));
      assertThat(await(store.followUps().due(clock.instant(), 10))).extracting(FollowUp::id).contains(f.id());

      FollowUps.Fired fired = await(store.followUps().fire(f.id()));
      assertThat(fired.followUp().status()).isEqualTo(FollowUp.Status.SENT);
      Message sent = fired.message().orElseThrow();
      assertThat(sent.direction()).isEqualTo(Direction.OUT);
      assertThat(sent.author()).isEqualTo("alice");
      assertThat(sent.text()).isEqualTo("Did that fix it?");
      assertThat(fired.followUp().messageId()).contains(sent.id());
      assertThat(await(store.deliveries().dueOutbox(clock.instant(), Channel.EMAIL, 1000))).anyMatch(e -> e.messageId().equals(sent.id()));

      // fired again (a re-run after a crash, or a second pass): nothing more is written
      FollowUps.Fired again = await(store.followUps().fire(f.id()));
      assertThat(again.message()).isEmpty();
      assertThat(again.followUp().status()).isEqualTo(FollowUp.Status.SENT);
      assertThat(messages(store, conversation)).filteredOn(m -> m.direction() == Direction.OUT).hasSize(1);
      assertThat(await(store.followUps().due(clock.instant(), 10))).extracting(FollowUp::id).doesNotContain(f.id());
    }
  }

  @Test
  default void aFollowUpIsDroppedWhenTheCustomerWroteAfterItWasScheduled() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String[] c = emailConversation(store, from);
      FollowUp f = await(store.followUps().schedule(followUp(c[0], "alice", "c2", clock.instant(), Duration.ofDays(1))));
      clock.advance(Duration.ofMinutes(30));
      await(store.ingest(Inbound.reply(from, Inbound.messageId(), c[1]).build()));
      clock.advance(Duration.ofDays(1));

      FollowUps.Fired fired = await(store.followUps().fire(f.id()));
      assertThat(fired.followUp().status()).isEqualTo(FollowUp.Status.DROPPED);
      assertThat(fired.message()).isEmpty();
      assertThat(messages(store, c[0])).noneMatch(m -> m.direction() == Direction.OUT);
    }
  }

  @Test
  default void anAutomaticReplyDoesNotDropAFollowUp() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String[] c = emailConversation(store, from);
      FollowUp f = await(store.followUps().schedule(followUp(c[0], "alice", "c3", clock.instant(), Duration.ofHours(1))));
      clock.advance(Duration.ofMinutes(5));
      await(store.ingest(Inbound.reply(from, Inbound.messageId(), c[1]).text("I am out of office").automated(true)
          .build()));

      assertThat(await(store.followUps().dropAfterCustomerMessage(new ConversationId(c[0])))).isEmpty();
      clock.advance(Duration.ofHours(1));
      assertThat(await(store.followUps().fire(f.id())).followUp().status()).isEqualTo(FollowUp.Status.SENT);
    }
  }

  @Test
  default void theCustomersMessageDropsOnlyTheFollowUpsScheduledBeforeIt() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String[] c = emailConversation(store, from);
      FollowUp before = await(store.followUps().schedule(followUp(c[0], "alice", "c4", clock.instant(),
          Duration.ofHours(3))));
      clock.advance(Duration.ofMinutes(10));
      await(store.ingest(Inbound.reply(from, Inbound.messageId(), c[1]).build()));
      clock.advance(Duration.ofMinutes(10));
      FollowUp after = await(store.followUps().schedule(followUp(c[0], "alice", "c5", clock.instant(),
          Duration.ofHours(3))));

      List<FollowUp> dropped = await(store.followUps().dropAfterCustomerMessage(new ConversationId(c[0])));
      assertThat(dropped).extracting(FollowUp::id).containsExactly(before.id());
      assertThat(dropped).allMatch(d -> d.status() == FollowUp.Status.DROPPED);
      assertThat(await(store.followUps().find(after.id())).orElseThrow().scheduled()).isTrue();
      assertThat(await(store.followUps().conversationsWithScheduled())).contains(new ConversationId(c[0]));
    }
  }

  @Test
  default void theSameClientIdReturnsTheFirstFollowUpAndACancelledOneIsNeverSent() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String conversation = emailConversation(store, Inbound.address())[0];
      String author = "agent-" + Inbound.messageId();
      FollowUp first = await(store.followUps().schedule(followUp(conversation, author, "same", clock.instant(),
          Duration.ofHours(1))));
      FollowUp resent = await(store.followUps().schedule(followUp(conversation, author, "same", clock.instant(),
          Duration.ofHours(5))));
      assertThat(resent).isEqualTo(first);
      assertThat(await(store.followUps().scheduledBy(author))).containsExactly(first);

      FollowUp cancelled = await(store.followUps().cancel(first.id())).orElseThrow();
      assertThat(cancelled.status()).isEqualTo(FollowUp.Status.CANCELLED);
      assertThat(await(store.followUps().scheduledBy(author))).isEmpty();
      clock.advance(Duration.ofHours(2));
      FollowUps.Fired fired = await(store.followUps().fire(first.id()));
      assertThat(fired.message()).isEmpty();
      assertThat(fired.followUp().status()).isEqualTo(FollowUp.Status.CANCELLED);
      assertThat(messages(store, conversation)).noneMatch(m -> m.direction() == Direction.OUT);
    }
  }
}
