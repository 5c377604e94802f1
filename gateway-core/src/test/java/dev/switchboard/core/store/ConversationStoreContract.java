package dev.switchboard.core.store;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.OutboxLanes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConversationStore} must do, run against each database. An implementation gives each
 * test class one database; {@link #open} may be called many times (after a close, or while another store
 * is open) and must reach the same data. Tests therefore share the database: each makes its own contacts
 * (fresh addresses) and asserts only on its own rows.
 */
interface ConversationStoreContract {

  /** Opens a store on this test's database. */
  Stores open(MutableClock clock, MeterRegistry meters);

  private Stores open() {
    return open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry());
  }

  private static Throwable failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected the operation to fail");
  }

  // ---- ingest: dedupe, contacts, threading ----

  @Test
  default void duplicateExternalIdIsStoredOnce() {
    MeterRegistry meters = new SimpleMeterRegistry();
    try (Stores stores = open(MutableClock.startingAt("2026-01-05T10:00:00Z"), meters)) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String id = Inbound.messageId();
      IngestResult first = await(store.ingest(Inbound.email(from, id).build()));
      IngestResult again = await(store.ingest(Inbound.email(from, id).text("retried").build()));

      assertThat(first).isInstanceOf(IngestResult.Stored.class);
      assertThat(again).isEqualTo(new IngestResult.Duplicate(first.conversationId(), first.messageId()));
      assertThat(await(store.messages(first.conversationId()))).extracting(Message::text).containsExactly("Hello");
      assertThat(meters.counter("switchboard.ingest.messages", "channel", "email", "result", "stored").count())
          .isEqualTo(1);
      assertThat(meters.counter("switchboard.ingest.messages", "channel", "email", "result", "duplicate").count())
          .isEqualTo(1);
    }
  }

  @Test
  default void aRetriedSmsFromAKnownNumberIsADuplicateOfItsOpenThread() {
    try (Stores stores = open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String from = Inbound.phone();
      IngestResult.Stored first = (IngestResult.Stored) await(store.ingest(Inbound.sms(from, "SM" + Inbound.token()).build()));
      String sid = "SM" + Inbound.token();
      IngestResult.Stored second = (IngestResult.Stored) await(store.ingest(Inbound.sms(from, sid).build()));
      IngestResult again = await(store.ingest(Inbound.sms(from, sid).text("retried").build()));

      assertThat(second.conversationId()).isEqualTo(first.conversationId());
      assertThat(second.newConversation()).isFalse();
      assertThat(again).isEqualTo(new IngestResult.Duplicate(first.conversationId(), second.messageId()));
      assertThat(await(store.messages(first.conversationId()))).extracting(Message::text)
          .containsExactly("Outage here", "Outage here");
    }
  }

  @Test
  default void anExternalIdStoredAlreadyIsADuplicateFromAnAddressNoContactHasAndMakesNoContact() {
    try (Stores stores = open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String id = Inbound.messageId();
      IngestResult first = await(store.ingest(Inbound.email(Inbound.address(), id).build()));
      String stranger = Inbound.address();
      IngestResult again = await(store.ingest(Inbound.email(stranger, id).build()));

      assertThat(again).isEqualTo(new IngestResult.Duplicate(first.conversationId(), first.messageId()));
      assertThat(await(store.contacts().byIdentity(Identity.email(stranger)))).isEmpty();
    }
  }

  @Test
  default void firstMessageOpensQueuedConversationForNewContact() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      IngestResult.Stored stored = (IngestResult.Stored) await(store.ingest(Inbound.email(from, Inbound.messageId())
          .subject("Printer on fire").metadata(Map.of("to", "support@example.com")).build()));

      assertThat(stored.newConversation()).isTrue();
      assertThat(stored.reopened()).isFalse();
      Conversation conv = await(store.conversation(stored.conversationId())).orElseThrow();
      assertThat(conv.status()).isEqualTo(ConversationStatus.QUEUED);
      assertThat(conv.queuedAt()).isEqualTo(clock.instant());
      assertThat(conv.tier()).isNull();
      assertThat(conv.subject()).isEqualTo("Printer on fire");
      assertThat(conv.ref()).matches("[0-9A-HJKMNP-TV-Z]{6}");
      Contact contact = await(store.contacts().find(conv.contactId())).orElseThrow();
      assertThat(contact.name()).isEqualTo("Customer " + from);
      assertThat(contact.identities()).containsExactly(Identity.email(from));
      Message m = await(store.message(stored.messageId())).orElseThrow();
      assertThat(m.direction()).isEqualTo(Direction.IN);
      assertThat(m.delivery()).isEqualTo(DeliveryStatus.RECEIVED);
      assertThat(m.conversationId()).isEqualTo(conv.id());
    }
  }

  @Test
  default void aViewHoldsTheMessagesTheContactAndUpToNOtherConversationsOfTheContact() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      IngestResult first = await(store.ingest(Inbound.email(from, Inbound.messageId()).build()));
      Conversation conv = await(store.conversation(first.conversationId())).orElseThrow();
      Conversation other1 = await(store.openConversation(conv.contactId(), Channel.SMS, "thread-a-" + from, null));
      Conversation other2 = await(store.openConversation(conv.contactId(), Channel.EMAIL, "thread-b-" + from, "Other"));

      ConversationView all = await(store.view(conv, 50));
      assertThat(all.conversation()).isEqualTo(conv);
      assertThat(all.messages()).extracting(Message::text).containsExactly("Hello");
      assertThat(all.contact()).map(Contact::id).contains(conv.contactId());
      assertThat(all.otherConversations()).extracting(Conversation::id)
          .containsExactlyInAnyOrder(other1.id(), other2.id());
      assertThat(await(store.view(conv, 1)).otherConversations()).hasSize(1)
          .extracting(Conversation::id).doesNotContain(conv.id());
      assertThat(await(store.view(conv, 0)).otherConversations()).isEmpty();
    }
  }

  @Test
  default void anArrivalHoldsTheContactTheLastInboundTextAndWhoHandledTheContactsOtherConversations() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String firstId = Inbound.messageId();
      IngestResult first = await(store.ingest(Inbound.email(from, firstId).build()));
      await(store.ingest(Inbound.reply(from, Inbound.messageId(), firstId).text("Still broken").build()));
      await(store.appendAgentMessage(first.conversationId(), Direction.OUT, "alice", "On it", "c1"));
      Conversation conv = await(store.conversation(first.conversationId())).orElseThrow();
      Conversation other1 = await(store.openConversation(conv.contactId(), Channel.SMS, "thread-a-" + from, null));
      other1 = await(store.saveConversation(other1.toBuilder().lastAgent("bob").build()));
      Conversation other2 = await(store.openConversation(conv.contactId(), Channel.EMAIL, "thread-b-" + from, "Other"));

      ArrivalFacts all = await(store.arrival(conv, 50));
      assertThat(all.contact()).map(Contact::id).contains(conv.contactId());
      assertThat(all.lastInboundText()).isEqualTo("Still broken");
      assertThat(all.otherConversations()).containsExactlyInAnyOrder(
          new ArrivalFacts.Handled(other1.id(), "bob", other1.updatedAt()),
          new ArrivalFacts.Handled(other2.id(), null, other2.updatedAt()));
      assertThat(await(store.arrival(conv, 1)).otherConversations()).hasSize(1)
          .extracting(ArrivalFacts.Handled::id).doesNotContain(conv.id());
      assertThat(await(store.arrival(conv, 0)).otherConversations()).isEmpty();
      assertThat(await(store.arrival(other2, 0)).lastInboundText()).isEmpty();
    }
  }

  @Test
  default void messageWithSameThreadKeyJoinsTheOpenConversation() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String first = Inbound.messageId();
      IngestResult a = await(store.ingest(Inbound.email(from, first).build()));
      IngestResult.Stored b = (IngestResult.Stored) await(store.ingest(
          Inbound.reply(from, Inbound.messageId(), first).build()));
      IngestResult.Stored otherThread = (IngestResult.Stored) await(store.ingest(
          Inbound.email(from, Inbound.messageId()).build()));

      assertThat(b.conversationId()).isEqualTo(a.conversationId());
      assertThat(b.newConversation()).isFalse();
      assertThat(otherThread.conversationId()).isNotEqualTo(a.conversationId());
      assertThat(await(store.messages(a.conversationId()))).extracting(Message::text)
          .containsExactly("Hello", "Still broken");
    }
  }

  @Test
  default void referencesThreadIntoTheConversationOfAnyStoredMessageOursOrTheirs() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      IngestResult a = await(store.ingest(Inbound.email(from, Inbound.messageId()).build()));
      Message reply = await(store.appendAgentMessage(a.conversationId(), Direction.OUT, "alice", "Try this", "c1"));
      String ourMessageId = Inbound.messageId();
      await(store.deliveries().recordAttempt(reply.id(), DeliveryStatus.SENT, null, ourMessageId, 1, null));

      // A different thread key (their client lost it) but In-Reply-To names our reply.
      IngestResult viaOurs = await(store.ingest(Inbound.reply(from, Inbound.messageId(), "<lost@x>")
          .references(List.of("<unknown@x>", ourMessageId)).build()));
      assertThat(viaOurs.conversationId()).isEqualTo(a.conversationId());

      // The customer's own earlier mail threads too.
      IngestResult viaTheirs = await(store.ingest(Inbound.reply(from, Inbound.messageId(), "<x@y>")
          .references(List.of(externalIdOf(store, viaOurs)))
          .build()));
      assertThat(viaTheirs.conversationId()).isEqualTo(a.conversationId());
    }
  }

  @Test
  default void referencesThreadOnlyForTheConversationsOwnContact() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String customer = Inbound.address();
      String customersMail = Inbound.messageId();
      IngestResult a = await(store.ingest(Inbound.email(customer, customersMail).build()));
      String stranger = Inbound.address();
      String strangersOwn = Inbound.messageId();
      IngestResult strangers = await(store.ingest(Inbound.email(stranger, strangersOwn).build()));

      // A stranger naming the customer's Message-ID (first) and their own thread (second) joins their own.
      IngestResult.Stored hijack = (IngestResult.Stored) await(store.ingest(
          Inbound.reply(stranger, Inbound.messageId(), customersMail)
              .references(List.of(customersMail, strangersOwn)).build()));
      IngestResult.Stored cold = (IngestResult.Stored) await(store.ingest(
          Inbound.reply(Inbound.address(), Inbound.messageId(), customersMail)
              .references(List.of(customersMail)).build()));

      assertThat(hijack.conversationId()).isEqualTo(strangers.conversationId());
      assertThat(cold.conversationId()).isNotIn(a.conversationId(), strangers.conversationId());
      assertThat(cold.newConversation()).isTrue();
      assertThat(await(store.messages(a.conversationId()))).hasSize(1);
    }
  }

  private static String externalIdOf(ConversationStore store, IngestResult r) {
    return await(store.message(r.messageId())).orElseThrow().externalId();
  }

  @Test
  default void conversationRefThreadsOnlyForTheSameContact() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      IngestResult a = await(store.ingest(Inbound.email(from, Inbound.messageId()).build()));
      String ref = await(store.conversation(a.conversationId())).orElseThrow().ref();

      IngestResult same = await(store.ingest(Inbound.email(from, Inbound.messageId())
          .conversationRef(ref.toLowerCase(java.util.Locale.ROOT)).build()));
      IngestResult stranger = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .conversationRef(ref).build()));

      assertThat(same.conversationId()).isEqualTo(a.conversationId());
      assertThat(stranger.conversationId()).isNotEqualTo(a.conversationId());
      assertThat(await(store.conversationByRef(ref))).map(Conversation::id).contains(a.conversationId());
    }
  }

  @Test
  default void ingestOutcomeCarriesTheConversationAsItsRowReads() {
    // Nanoseconds on the clock: the row keeps milliseconds, and so must the outcome.
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00.123456789Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String first = Inbound.messageId();
      IngestOutcome opened = await(store.ingestDetailed(Inbound.email(from, first).build()));
      assertThat(opened.conversation()).isEqualTo(await(store.conversation(opened.conversation().id())).orElseThrow());

      await(store.retag(opened.conversation().id(), TagChange.of(List.of("billing"), List.of(), "alice")));
      clock.advance(Duration.ofMillis(1500).plusNanos(777));
      IngestOutcome joined = await(store.ingestDetailed(Inbound.reply(from, Inbound.messageId(), first).build()));

      Conversation stored = await(store.conversation(opened.conversation().id())).orElseThrow();
      assertThat(joined.conversation().id()).isEqualTo(opened.conversation().id());
      assertThat(joined.conversation()).isEqualTo(stored);
      assertThat(stored.tags()).containsExactly("billing");
      assertThat(stored.updatedAt()).isEqualTo(Instant.ofEpochMilli(clock.instant().toEpochMilli()));

      resolve(store, stored.id(), "alice");
      clock.advance(Duration.ofMinutes(5));
      IngestOutcome reopened = await(store.ingestDetailed(Inbound.reply(from, Inbound.messageId(), first)
          .references(List.of(first)).build()));
      assertThat(reopened.conversation()).isEqualTo(await(store.conversation(stored.id())).orElseThrow());
    }
  }

  @Test
  default void replyToResolvedConversationReopensIt() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      String first = Inbound.messageId();
      IngestResult a = await(store.ingest(Inbound.email(from, first).build()));
      resolve(store, a.conversationId(), "alice");
      clock.advance(Duration.ofHours(2));

      IngestResult.Stored back = (IngestResult.Stored) await(store.ingest(Inbound.reply(from, Inbound.messageId(), first)
          .references(List.of(first)).build()));

      assertThat(back.conversationId()).isEqualTo(a.conversationId());
      assertThat(back.reopened()).isTrue();
      assertThat(back.newConversation()).isFalse();
      Conversation conv = await(store.conversation(a.conversationId())).orElseThrow();
      assertThat(conv.status()).isEqualTo(ConversationStatus.QUEUED);
      assertThat(conv.queuedAt()).isEqualTo(clock.instant());
      assertThat(conv.assignee()).isNull();
      assertThat(conv.lastAgent()).isEqualTo("alice");
    }
  }

  @Test
  default void smsJoinsTheOpenConversationOfItsPairOfNumbersUnderOneContact() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String from = Inbound.phone();
      IngestResult.Stored a = (IngestResult.Stored) await(store.ingest(
          Inbound.sms(from, "SM" + Inbound.messageId()).build()));
      IngestResult.Stored same = (IngestResult.Stored) await(store.ingest(
          Inbound.sms(from, "SM" + Inbound.messageId()).text("Still out").build()));
      IngestResult.Stored otherNumber = (IngestResult.Stored) await(store.ingest(InboundMessage.builder(
          Channel.SMS, Identity.phone(from), "SM" + Inbound.messageId(), from + ">+15550009999")
          .text("Other line").receivedAt(Instant.parse("2026-01-05T10:01:00Z")).build()));
      IngestResult.Stored stranger = (IngestResult.Stored) await(store.ingest(
          Inbound.sms(Inbound.phone(), "SM" + Inbound.messageId()).build()));

      assertThat(a.newConversation()).isTrue();
      assertThat(same.newConversation()).isFalse();
      assertThat(same.conversationId()).isEqualTo(a.conversationId());
      assertThat(otherNumber.newConversation()).isTrue();
      Conversation first = await(store.conversation(a.conversationId())).orElseThrow();
      Conversation other = await(store.conversation(otherNumber.conversationId())).orElseThrow();
      assertThat(other.contactId()).isEqualTo(first.contactId());
      assertThat(await(store.conversation(stranger.conversationId())).orElseThrow().contactId())
          .isNotEqualTo(first.contactId());
      assertThat(await(store.messages(a.conversationId()))).extracting(Message::text)
          .containsExactly("Outage here", "Still out");
    }
  }

  @Test
  default void resolvedConversationIsNotJoinedByThreadKeyAlone() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      IngestResult a = await(store.ingest(Inbound.sms("+15550002222", "SM" + Inbound.messageId()).build()));
      resolve(store, a.conversationId(), "bob");
      IngestResult.Stored b = (IngestResult.Stored) await(store.ingest(
          Inbound.sms("+15550002222", "SM" + Inbound.messageId()).build()));

      assertThat(b.newConversation()).isTrue();
      assertThat(b.conversationId()).isNotEqualTo(a.conversationId());
    }
  }

  @Test
  default void automatedMailNeverMakesWork() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      IngestResult.Stored bounce = (IngestResult.Stored) await(store.ingest(
          Inbound.email(from, Inbound.messageId()).automated(true).build()));
      assertThat(bounce.newConversation()).isTrue();
      assertThat(await(store.conversation(bounce.conversationId())).orElseThrow().status())
          .isEqualTo(ConversationStatus.RESOLVED);

      String first = Inbound.messageId();
      IngestResult human = await(store.ingest(Inbound.email(from, first).build()));
      resolve(store, human.conversationId(), "alice");
      IngestResult.Stored autoReply = (IngestResult.Stored) await(store.ingest(
          Inbound.reply(from, Inbound.messageId(), first).references(List.of(first)).automated(true).build()));

      assertThat(autoReply.conversationId()).isEqualTo(human.conversationId());
      assertThat(autoReply.reopened()).isFalse();
      assertThat(await(store.conversation(human.conversationId())).orElseThrow().status())
          .isEqualTo(ConversationStatus.RESOLVED);
      assertThat(await(store.openConversations())).extracting(Conversation::id)
          .doesNotContain(bounce.conversationId(), human.conversationId());
    }
  }

  @Test
  default void messageKeepsItsAttachmentsInOrder() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      AttachmentRef pdf = new AttachmentRef("a".repeat(64), "invoice.pdf", "application/pdf", 1234, false);
      AttachmentRef logo = new AttachmentRef("b".repeat(64), "logo.png", "image/png", 99, true);
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .html("<p>Hello</p>").attachments(List.of(new Blob.Stored(pdf), new Blob.Stored(logo))).build()));

      Message m = await(store.message(r.messageId())).orElseThrow();
      assertThat(m.attachments()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
          .containsExactly(pdf, logo);
      assertThat(m.attachments()).extracting(AttachmentRef::id).doesNotContainNull().doesNotHaveDuplicates();
      assertThat(m.html()).isEqualTo("<p>Hello</p>");
      assertThat(await(store.messages(r.conversationId())).get(0).attachments()).isEqualTo(m.attachments());
    }
  }

  // ---- conversations ----

  @Test
  default void savedConversationKeepsRouterFieldsAndNeverLosesFirstResponse() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
      Conversation read = await(store.conversation(r.conversationId())).orElseThrow();
      await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "c1"));
      Instant due = Instant.parse("2026-01-05T10:15:00Z");

      Conversation saved = await(store.saveConversation(read.toBuilder().status(ConversationStatus.ASSIGNED)
          .tier("vip").skills(List.of("incident")).assignee("alice").lastAgent("alice").firstResponseDue(due)
          .nextResponseDue(null).firstRespondedAt(null).build()));

      assertThat(saved.status()).isEqualTo(ConversationStatus.ASSIGNED);
      assertThat(saved.tier()).isEqualTo("vip");
      assertThat(saved.skills()).containsExactly("incident");
      assertThat(saved.assignee()).isEqualTo("alice");
      assertThat(saved.firstResponseDue()).isEqualTo(due);
      assertThat(saved.firstRespondedAt()).as("set by the reply, kept over the stale copy").isNotNull();
      assertThat(await(store.conversations(ConversationQuery.all().status(ConversationStatus.ASSIGNED)
          .tier("vip").contact(read.contactId()).channel(Channel.EMAIL).limit(10)))).extracting(Conversation::id).containsExactly(read.id());
      assertThat(await(store.conversations(ConversationQuery.all().tier("basic").contact(read.contactId()))))
          .isEmpty();
    }
  }

  @Test
  default void proactiveConversationStartsWithoutMessages() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      Contact c = await(store.contacts().resolve(Identity.phone("+15550004444"), "Pat"));
      Conversation conv = await(store.openConversation(c.id(), Channel.SMS, "+15550004444>+15550001111", null));

      assertThat(await(store.messages(conv.id()))).isEmpty();
      assertThat(await(store.conversation(conv.id()))).contains(conv);
      assertThat(failure(store.openConversation(new dev.switchboard.core.model.ContactId("nope"), Channel.SMS, "k",
          null))).isInstanceOf(java.util.NoSuchElementException.class);
    }
  }

  // ---- messages written here, and the outbox entries they make ----

  @Test
  default void agentResendWithSameClientIdReturnsTheFirstMessage() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
      Message first = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "c-1"));
      Message again = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "Hi", "c-1"));
      Message otherAgent = await(store.appendAgentMessage(r.conversationId(), Direction.NOTE, "bob", "fyi", "c-1"));

      assertThat(again).isEqualTo(first);
      assertThat(otherAgent.id()).isNotEqualTo(first.id());
      assertThat(await(store.messages(r.conversationId()))).hasSize(3);
      assertThat(due(store, Instant.parse("2030-01-01T00:00:00Z"), r.conversationId())).hasSize(1);
    }
  }

  @Test
  default void replyIsQueuedInTheOutboxInTheSameTransactionAndNoteIsNot() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
      Message note = await(store.appendAgentMessage(r.conversationId(), Direction.NOTE, "alice", "VIP!", "n1"));
      Message reply = await(store.appendAgentMessage(r.conversationId(), Direction.OUT, "alice", "On it", "r1"));

      assertThat(reply.delivery()).isEqualTo(DeliveryStatus.QUEUED);
      assertThat(note.delivery().isFinal()).isTrue();
      assertThat(due(store, clock.instant(), r.conversationId())).containsExactly(new OutboxEntry(reply.id(), r.conversationId(), 0, clock.instant()));
      assertThat(await(store.conversation(r.conversationId())).orElseThrow().firstRespondedAt())
          .isEqualTo(clock.instant());
      assertThat(failure(store.appendAgentMessage(ConversationId.random(), Direction.OUT, "alice", "x", "y")))
          .isInstanceOf(java.util.NoSuchElementException.class);
      assertThat(due(store, clock.instant(), r.conversationId())).hasSize(1);
    }
  }

  // ---- the writer: group commit, durability ----

  @Test
  default void concurrentWritersAreAllCommittedInSharedTransactions() throws Exception {
    MeterRegistry meters = new SimpleMeterRegistry();
    int threads = 16;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Stores stores = open(MutableClock.startingAt("2026-01-05T10:00:00Z"), meters)) {
      ConversationStore store = stores.conversations();
      List<CompletableFuture<List<IngestResult>>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String from = Inbound.address();
        work.add(CompletableFuture.supplyAsync(() -> {
          List<CompletableFuture<IngestResult>> mine = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            mine.add(store.ingest(Inbound.email(from, Inbound.messageId()).build()).toCompletableFuture());
          }
          return mine.stream().map(CompletableFuture::join).toList();
        }, pool));
      }
      List<IngestResult> results = new ArrayList<>();
      for (CompletableFuture<List<IngestResult>> f : work) {
        results.addAll(f.get(60, TimeUnit.SECONDS));
      }

      assertThat(results).hasSize(threads * perThread).allMatch(r -> r instanceof IngestResult.Stored);
      assertThat(results.stream().map(IngestResult::messageId).distinct()).hasSize(threads * perThread);
      for (IngestResult r : results) {
        assertThat(await(store.message(r.messageId()))).isPresent();
      }
      assertThat(meters.get("switchboard.store.batch.size").summary().max())
          .as("writes queued together commit together").isGreaterThan(1);
      assertThat(meters.get("switchboard.store.commit.latency").tag("batching", "shared").timer().count())
          .isGreaterThan(0);
      assertThat(meters.get("switchboard.store.queue.depth").gauge().value()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void oneFailingWriteFailsAloneInItsBatch() throws Exception {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
      List<CompletableFuture<Message>> good = new ArrayList<>();
      List<CompletableFuture<Message>> bad = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        good.add(store.appendAgentMessage(r.conversationId(), Direction.NOTE, "alice", "n" + i, "c" + i)
            .toCompletableFuture());
        bad.add(store.appendAgentMessage(ConversationId.random(), Direction.NOTE, "alice", "x", "c" + i)
            .toCompletableFuture());
      }

      for (CompletableFuture<Message> f : good) {
        assertThat(f.get(20, TimeUnit.SECONDS)).isNotNull();
      }
      for (CompletableFuture<Message> f : bad) {
        assertThatThrownBy(() -> f.orTimeout(10, SECONDS).join()).isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(java.util.NoSuchElementException.class);
      }
      assertThat(await(store.messages(r.conversationId()))).hasSize(51);
    }
  }

  @Test
  default void writeIsVisibleToAnotherStoreWhenItsFutureCompletes() throws Exception {
    try (Stores writer = open(); Stores observer = open()) {
      List<CompletableFuture<Boolean>> seen = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        seen.add(writer.conversations().ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build())
            .thenApply(r -> observer.conversations().message(r.messageId()).toCompletableFuture().orTimeout(10, SECONDS).join().isPresent())
            .toCompletableFuture());
      }
      for (CompletableFuture<Boolean> f : seen) {
        assertThat(f.get(20, TimeUnit.SECONDS)).as("committed before the caller hears of it").isTrue();
      }
    }
  }

  @Test
  default void closeCommitsQueuedWritesAndDataSurvivesReopen() {
    List<CompletionStage<IngestResult>> pending = new ArrayList<>();
    IngestResult assigned;
    String from = Inbound.address();
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      assigned = await(store.ingest(Inbound.email(from, Inbound.messageId()).build()));
      Conversation c = await(store.conversation(assigned.conversationId())).orElseThrow();
      await(store.saveConversation(c.toBuilder().status(ConversationStatus.ASSIGNED).tier("vip")
          .skills(List.of()).assignee("alice").lastAgent("alice").firstResponseDue(null).nextResponseDue(null)
          .firstRespondedAt(null).build()));
      for (int i = 0; i < 20; i++) {
        pending.add(store.ingest(Inbound.email(from, Inbound.messageId()).build()));
      }
    }
    assertThat(pending).allSatisfy(p -> assertThat(p.toCompletableFuture()).isCompletedWithValueMatching(
        r -> r instanceof IngestResult.Stored));

    try (Stores again = open()) {
      ConversationStore store = again.conversations();
      for (CompletionStage<IngestResult> p : pending) {
        assertThat(await(store.message(p.toCompletableFuture().orTimeout(10, SECONDS).join().messageId()))).isPresent();
      }
      List<Conversation> open = await(store.openConversations());
      assertThat(open).filteredOn(c -> c.id().equals(assigned.conversationId()))
          .singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(ConversationStatus.ASSIGNED);
            assertThat(c.assignee()).isEqualTo("alice");
          });
      assertThat(open).allMatch(c -> c.status().isOpen());
      assertThat(await(store.ingest(Inbound.email(from, Inbound.messageId()).build())))
          .isInstanceOf(IngestResult.Stored.class);
    }
  }

  @Test
  default void openConversationsListLongestWaitingFirstForTheRouterToRebuild() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String first = Inbound.messageId();
      IngestResult a = await(store.ingest(Inbound.email(Inbound.address(), first).build()));
      clock.advance(Duration.ofMinutes(1));
      IngestResult b = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
      Contact pat = await(store.contacts().resolve(Identity.phone("+15550007777"), "Pat"));
      Conversation proactive = await(store.openConversation(pat.id(), Channel.SMS, "k", null));
      await(store.saveConversation(proactive.toBuilder().subject(null).status(ConversationStatus.ASSIGNED)
          .tier(null).skills(List.of()).assignee("alice").lastAgent("alice").queuedAt(null)
          .firstResponseDue(null).nextResponseDue(null).firstRespondedAt(null).build()));
      IngestResult done = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
      resolve(store, done.conversationId(), "bob");

      List<ConversationId> mine = List.of(a.conversationId(), b.conversationId(), proactive.id(),
          done.conversationId());
      assertThat(await(store.openConversations())).extracting(Conversation::id).filteredOn(mine::contains)
          .containsExactly(a.conversationId(), b.conversationId(), proactive.id());
    }
  }

  @Test
  default void closedStoreRefusesWork() {
    Stores stores = open();
    stores.close();
    assertThat(stores.ready()).isFalse();
    assertThat(failure(stores.conversations().channelState().put(Channel.CHAT, "k", "v")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(failure(stores.conversations().channelState().get(Channel.CHAT, "k")))
        .isInstanceOf(IllegalStateException.class);
  }

  /** The conversation's due outbox entries, among everyone else's. */
  private static List<OutboxEntry> due(ConversationStore store, Instant now, ConversationId conversation) {
    return await(OutboxLanes.dueInEveryLane(store, now, 1000)).stream().filter(e -> e.conversationId().equals(conversation)).toList();
  }

  private static void resolve(ConversationStore store, ConversationId id, String agent) {
    Conversation c = await(store.conversation(id)).orElseThrow();
    await(store.saveConversation(c.toBuilder().status(ConversationStatus.RESOLVED).assignee(null)
        .lastAgent(agent).firstResponseDue(null).nextResponseDue(null).build()));
  }
}
