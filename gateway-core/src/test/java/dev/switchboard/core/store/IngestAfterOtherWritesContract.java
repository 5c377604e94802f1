package dev.switchboard.core.store;

import static dev.switchboard.core.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sender's next message sees what the store's other writes did to their contact and conversation since
 * their last one (on SQLite the writer remembers senders and threads between messages: {@link SenderThreads}).
 * Each test first sends three messages from one number (the first makes the contact, the second is read with
 * the statement, the third is answered from what the writer remembers), then changes the conversation by
 * another way, then sends the next. Every outcome's conversation must be the row as stored.
 */
interface IngestAfterOtherWritesContract {

  Stores open(MutableClock clock, MeterRegistry meters);

  private Stores open(MutableClock clock) {
    return open(clock, new SimpleMeterRegistry());
  }

  /** An SMS from {@code phone}, ingested; asserts that the outcome's conversation is the stored row. */
  private static IngestOutcome sms(ConversationStore store, String phone, String sid) {
    IngestOutcome outcome = await(store.ingestDetailed(Inbound.sms(phone, sid).build()));
    assertThat(outcome.conversation())
        .isEqualTo(await(store.conversation(outcome.conversation().id())).orElseThrow());
    return outcome;
  }

  private static IngestOutcome sms(ConversationStore store, String phone) {
    return sms(store, phone, "SM" + Inbound.token());
  }

  /** Three messages from {@code phone} on one thread; the last one's outcome. */
  private static IngestOutcome known(ConversationStore store, MutableClock clock, String phone) {
    IngestOutcome first = sms(store, phone);
    for (int i = 0; i < 2; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(sms(store, phone).conversation().id()).isEqualTo(first.conversation().id());
    }
    clock.advance(Duration.ofSeconds(1));
    return sms(store, phone);
  }

  /** Three mails from {@code from} on {@code thread}, the first starting it, a second apart. */
  private static void threeMails(ConversationStore store, MutableClock clock, String from, String thread) {
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      mail(store, Inbound.reply(from, i == 0 ? thread : Inbound.messageId(), thread).build());
    }
  }

  private static Conversation saved(Conversation c, ConversationStatus status, String tier, String assignee) {
    return c.toBuilder().status(status).tier(tier).assignee(assignee)
        .lastAgent(assignee == null ? c.lastAgent() : assignee).build();
  }

  @Test
  default void aKnownSendersRetryIsADuplicateOfTheirLastMessage() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock)) {
      ConversationStore store = stores.conversations();
      String phone = Inbound.phone();
      known(store, clock, phone);
      String sid = "SM" + Inbound.token();
      IngestOutcome last = sms(store, phone, sid);

      IngestOutcome again = sms(store, phone, sid);

      assertThat(again.result()).isEqualTo(
          new IngestResult.Duplicate(last.conversation().id(), last.message().id()));
    }
  }

  @Test
  default void aKnownSendersMessageAfterTheirConversationWasResolvedOpensANewOne() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock)) {
      ConversationStore store = stores.conversations();
      String phone = Inbound.phone();
      Conversation before = known(store, clock, phone).conversation();
      await(store.saveConversation(saved(before, ConversationStatus.RESOLVED, null, null)));

      IngestOutcome next = sms(store, phone);

      assertThat(next.conversation().id()).isNotEqualTo(before.id());
      assertThat(next.result()).isInstanceOf(IngestResult.Stored.class);
      assertThat(((IngestResult.Stored) next.result()).newConversation()).isTrue();
      assertThat(next.conversation().status()).isEqualTo(ConversationStatus.QUEUED);
    }
  }

  @Test
  default void aKnownSendersMessageAfterAnAssignmentCarriesTheConversationAsSaved() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock)) {
      ConversationStore store = stores.conversations();
      String phone = Inbound.phone();
      Conversation before = known(store, clock, phone).conversation();
      await(store.saveConversation(saved(before, ConversationStatus.ASSIGNED, "vip", "alice")));
      clock.advance(Duration.ofSeconds(1));

      Conversation next = sms(store, phone).conversation();

      assertThat(next.id()).isEqualTo(before.id());
      assertThat(next.status()).isEqualTo(ConversationStatus.ASSIGNED);
      assertThat(next.assignee()).isEqualTo("alice");
      assertThat(next.tier()).isEqualTo("vip");
    }
  }

  @Test
  default void aKnownSendersMessageAfterTheirContactWasMergedJoinsTheConversationUnderTheContactItMovedTo() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock)) {
      ConversationStore store = stores.conversations();
      String phone = Inbound.phone();
      Conversation before = known(store, clock, phone).conversation();
      Contact into = await(store.contacts().resolve(Identity.email(Inbound.address()), "Pat"));
      assertThat(await(store.contacts().merge(into.id(), before.contactId(), "alice")))
          .isInstanceOf(MergeOutcome.Done.class);

      Conversation next = sms(store, phone).conversation();

      assertThat(next.id()).isEqualTo(before.id());
      assertThat(next.contactId()).isEqualTo(into.id());
    }
  }

  @Test
  default void aKnownSendersMessageAfterTheirConversationClosedAndAnotherOpenedJoinsTheNewOne() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock)) {
      ConversationStore store = stores.conversations();
      String phone = Inbound.phone();
      Conversation before = known(store, clock, phone).conversation();
      await(store.saveConversation(saved(before, ConversationStatus.RESOLVED, null, null)));
      Conversation proactive = await(store.openConversation(before.contactId(), Channel.SMS, before.threadKey(),
          null, Identity.phone(phone)));

      IngestOutcome next = sms(store, phone);

      assertThat(next.conversation().id()).isEqualTo(proactive.id());
      assertThat(((IngestResult.Stored) next.result()).newConversation()).isFalse();
    }
  }

  @Test
  default void aKnownSendersMessageAfterARetagCarriesTheTags() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock)) {
      ConversationStore store = stores.conversations();
      String phone = Inbound.phone();
      Conversation before = known(store, clock, phone).conversation();
      await(store.retag(before.id(), TagChange.of(List.of("billing"), List.of(), "alice")));

      assertThat(sms(store, phone).conversation().tags()).containsExactly("billing");
    }
  }

  @Test
  default void aKnownSendersMailThatAnswersTheirOtherThreadLeavesThatThreadAsStored() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock)) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String first = Inbound.messageId();
      String second = Inbound.messageId();
      threeMails(store, clock, from, first);
      threeMails(store, clock, from, second);
      clock.advance(Duration.ofSeconds(1));
      // On the first thread's key, but naming the second thread's first mail: it joins (and touches) the second.
      Conversation answered = mail(store, Inbound.reply(from, Inbound.messageId(), first)
          .references(List.of(second)).build()).conversation();
      clock.advance(Duration.ofSeconds(1));

      Conversation next = mail(store, Inbound.reply(from, Inbound.messageId(), second).build()).conversation();

      assertThat(next.id()).isEqualTo(answered.id());
      assertThat(next.threadKey()).isEqualTo(second);
    }
  }

  @Test
  default void aKnownSendersMailThatReopensTheirOtherThreadsConversationLeadsTheNextMailOnThatThreadToIt() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock)) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String first = Inbound.messageId();
      String second = Inbound.messageId();
      Conversation resolved = mail(store, Inbound.reply(from, second, second).build()).conversation();
      await(store.saveConversation(saved(resolved, ConversationStatus.RESOLVED, null, null)));
      threeMails(store, clock, from, first);
      // Automated mail on the second thread starts a resolved conversation: that thread has none open.
      mail(store, Inbound.reply(from, Inbound.messageId(), second).automated(true).build());
      clock.advance(Duration.ofSeconds(1));
      // On the first thread's key, naming the resolved conversation's mail: it reopens that one.
      IngestOutcome reopening = mail(store, Inbound.reply(from, Inbound.messageId(), first)
          .references(List.of(second)).build());
      assertThat(((IngestResult.Stored) reopening.result()).reopened()).isTrue();
      clock.advance(Duration.ofSeconds(1));

      IngestOutcome next = mail(store, Inbound.reply(from, Inbound.messageId(), second).build());

      assertThat(next.conversation().id()).isEqualTo(resolved.id());
      assertThat(((IngestResult.Stored) next.result()).newConversation()).isFalse();
    }
  }

  @Test
  default void aThreadsResolvedConversationTheRouterSavedOpenAgainIsJoinedByTheSendersNextMail() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock)) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String thread = Inbound.messageId();
      // Automated mail starts resolved conversations: the thread has none open (and on SQLite is remembered so).
      Conversation resolved = null;
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofSeconds(1));
        resolved = mail(store, Inbound.reply(from, Inbound.messageId(), thread).automated(true).build())
            .conversation();
      }
      assertThat(resolved.status()).isEqualTo(ConversationStatus.RESOLVED);
      await(store.saveConversation(saved(resolved, ConversationStatus.QUEUED, null, null)));
      clock.advance(Duration.ofSeconds(1));

      IngestOutcome next = mail(store, Inbound.reply(from, Inbound.messageId(), thread).build());

      assertThat(next.conversation().id()).isEqualTo(resolved.id());
      assertThat(((IngestResult.Stored) next.result()).newConversation()).isFalse();
    }
  }

  private static IngestOutcome mail(ConversationStore store, dev.switchboard.core.ingest.InboundMessage m) {
    IngestOutcome outcome = await(store.ingestDetailed(m));
    assertThat(outcome.conversation())
        .isEqualTo(await(store.conversation(outcome.conversation().id())).orElseThrow());
    return outcome;
  }
}
