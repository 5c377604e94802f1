package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.MergeOutcome.Refusal;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link ContactStore} must do, run on each database (tests share it: fresh addresses each). */
interface ContactStoreContract {

  Stores open(MutableClock clock, MeterRegistry meters);

  private static MergeOutcome.Done done(MergeOutcome outcome) {
    assertThat(outcome).isInstanceOf(MergeOutcome.Done.class);
    return (MergeOutcome.Done) outcome;
  }

  private static Refusal refusal(MergeOutcome outcome) {
    assertThat(outcome).isInstanceOf(MergeOutcome.Refused.class);
    return ((MergeOutcome.Refused) outcome).reason();
  }

  @Test
  default void identityBelongsToOneContactAcrossChannels() {
    try (Stores stores = open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String email = Inbound.address();
      Contact byMail = await(store.contacts().resolve(Identity.email(email.toUpperCase(java.util.Locale.ROOT)), "Ann"));
      Contact linked = await(store.contacts().linkIdentity(byMail.id(), Identity.phone("+15550003333")));
      IngestResult sms = await(store.ingest(Inbound.sms("+15550003333", "SM" + Inbound.messageId()).build()));

      assertThat(linked.identities()).containsExactlyInAnyOrder(Identity.email(email), Identity.phone("+15550003333"));
      assertThat(await(store.contacts().resolve(Identity.email(email), "Someone else")).id()).isEqualTo(byMail.id());
      assertThat(await(store.conversation(sms.conversationId())).orElseThrow().contactId()).isEqualTo(byMail.id());
      assertThat(await(store.contacts().byIdentity(Identity.phone("+15550003333")))).map(Contact::id)
          .contains(byMail.id());

      Contact other = await(store.contacts().resolve(Identity.email(Inbound.address()), null));
      assertThatThrownBy(() -> await(store.contacts().linkIdentity(other.id(), Identity.phone("+15550003333"))))
          .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to contact");
      assertThat(await(store.contacts().byIdentity(Identity.email("nobody-" + email)))).isEmpty();
    }
  }

  @Test
  default void attributesAreSetAndRemoved() {
    try (Stores stores = open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      Contact c = await(store.contacts().resolve(Identity.email(Inbound.address()), "Ann"));
      await(store.contacts().updateAttributes(c.id(), Map.of("plan", "enterprise", "region", "eu")));
      Map<String, String> change = new HashMap<>();
      change.put("plan", "basic");
      change.put("region", null);
      Contact after = await(store.contacts().updateAttributes(c.id(), change));

      assertThat(after.attributes()).isEqualTo(Map.of("plan", "basic"));
      assertThat(await(store.contacts().find(c.id())).orElseThrow().attributes()).isEqualTo(Map.of("plan", "basic"));
    }
  }

  @Test
  default void mergeMovesIdentitiesConversationsAndMissingAttributesAndRecordsWhoAndWhen() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String email = Inbound.address();
      String phone = Inbound.phone();
      IngestResult mail = await(store.ingest(Inbound.email(email, Inbound.messageId()).build()));
      IngestResult sms = await(store.ingest(Inbound.sms(phone, "SM" + Inbound.messageId()).build()));
      Contact a = await(store.contacts().byIdentity(Identity.email(email))).orElseThrow();
      Contact b = await(store.contacts().byIdentity(Identity.phone(phone))).orElseThrow();
      await(store.contacts().updateAttributes(a.id(), Map.of("plan", "enterprise")));
      await(store.contacts().updateAttributes(b.id(), Map.of("plan", "basic", "region", "emea")));
      clock.advance(Duration.ofMinutes(1));

      MergeOutcome.Done merged = done(await(stores.contacts().merge(a.id(), b.id(), "alice")));

      assertThat(merged.merge().mergedBy()).isEqualTo("alice");
      assertThat(merged.merge().mergedAt()).isEqualTo(clock.instant());
      assertThat(merged.merge().identities()).containsExactly(Identity.phone(phone));
      assertThat(merged.merge().conversations()).containsExactly(sms.conversationId());
      assertThat(merged.merge().attributes()).isEqualTo(Map.of("region", "emea"));
      assertThat(merged.moved()).singleElement().satisfies(c -> assertThat(c.contactId()).isEqualTo(a.id()));
      ContactDetail detail = await(stores.contacts().detail(a.id(), 50)).orElseThrow();
      assertThat(detail.contact().identities()).contains(Identity.email(email), Identity.phone(phone));
      assertThat(detail.contact().attributes()).containsEntry("plan", "enterprise").containsEntry("region", "emea");
      assertThat(detail.conversations()).extracting(c -> c.id())
          .containsExactlyInAnyOrder(mail.conversationId(), sms.conversationId());
      assertThat(detail.merges()).singleElement().satisfies(m -> assertThat(m.id()).isEqualTo(merged.merge().id()));
      ContactDetail gone = await(stores.contacts().detail(b.id(), 50)).orElseThrow();
      assertThat(gone.mergedInto()).isEqualTo(a.id());
      assertThat(gone.contact().identities()).isEmpty();
      assertThat(gone.conversations()).isEmpty();
      // The next text from that phone continues the moved conversation.
      IngestResult again = await(store.ingest(Inbound.sms(phone, "SM" + Inbound.messageId()).build()));
      assertThat(again.conversationId()).isEqualTo(sms.conversationId());
    }
  }

  @Test
  default void mergeIntoItselfOfAnUnknownOrOfAMergedContactIsRefusedAndChangesNothing() {
    try (Stores stores = open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      Contact a = await(store.contacts().resolve(Identity.email(Inbound.address()), "A"));
      Contact b = await(store.contacts().resolve(Identity.phone(Inbound.phone()), "B"));
      Contact c = await(store.contacts().resolve(Identity.phone(Inbound.phone()), "C"));

      assertThat(refusal(await(stores.contacts().merge(a.id(), a.id(), "admin")))).isEqualTo(Refusal.SAME_CONTACT);
      assertThat(refusal(await(stores.contacts().merge(a.id(), ContactId.random(), "admin"))))
          .isEqualTo(Refusal.UNKNOWN_CONTACT);
      assertThat(refusal(await(stores.contacts().merge(ContactId.random(), b.id(), "admin"))))
          .isEqualTo(Refusal.UNKNOWN_CONTACT);
      assertThat(await(store.contacts().find(b.id())).orElseThrow().identities()).isEqualTo(b.identities());

      done(await(stores.contacts().merge(a.id(), b.id(), "admin")));
      assertThat(refusal(await(stores.contacts().merge(c.id(), b.id(), "admin")))).isEqualTo(Refusal.ALREADY_MERGED);
      assertThat(refusal(await(stores.contacts().merge(b.id(), c.id(), "admin")))).isEqualTo(Refusal.ALREADY_MERGED);
      assertThat(await(store.contacts().find(c.id())).orElseThrow().identities()).isEqualTo(c.identities());
    }
  }

  @Test
  default void unmergeMovesExactlyWhatMovedBackAndLeavesWhatCameSince() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String email = Inbound.address();
      String phone = Inbound.phone();
      IngestResult mail = await(store.ingest(Inbound.email(email, Inbound.messageId()).build()));
      IngestResult sms = await(store.ingest(Inbound.sms(phone, "SM" + Inbound.messageId()).build()));
      ContactId a = await(store.conversation(mail.conversationId())).orElseThrow().contactId();
      ContactId b = await(store.conversation(sms.conversationId())).orElseThrow().contactId();
      await(store.contacts().updateAttributes(b, Map.of("region", "emea")));
      MergeOutcome.Done merged = done(await(stores.contacts().merge(a, b, "alice")));
      clock.advance(Duration.ofMinutes(5));
      // Since the merge: a new mail thread of the survivor, and an attribute the admin changed.
      IngestResult since = await(store.ingest(Inbound.email(email, Inbound.messageId()).build()));
      clock.advance(Duration.ofMinutes(5));

      MergeOutcome.Done undone = done(await(stores.contacts().unmerge(a, merged.merge().id(), "admin")));

      assertThat(undone.merge().undoneBy()).isEqualTo("admin");
      assertThat(undone.merge().undoneAt()).isEqualTo(clock.instant());
      assertThat(undone.moved()).singleElement().satisfies(c -> {
        assertThat(c.id()).isEqualTo(sms.conversationId());
        assertThat(c.contactId()).isEqualTo(b);
      });
      assertThat(undone.kept()).containsExactly(since.conversationId());
      Contact back = await(store.contacts().find(b)).orElseThrow();
      assertThat(back.identities()).containsExactly(Identity.phone(phone));
      Contact survivor = await(store.contacts().find(a)).orElseThrow();
      assertThat(survivor.identities()).containsExactly(Identity.email(email));
      assertThat(survivor.attributes()).doesNotContainKey("region");
      assertThat(await(stores.contacts().detail(a, 50)).orElseThrow().conversations()).extracting(c -> c.id())
          .containsExactlyInAnyOrder(mail.conversationId(), since.conversationId());
      assertThat(await(stores.contacts().detail(b, 50)).orElseThrow().mergedInto()).isNull();
      assertThat(refusal(await(stores.contacts().unmerge(a, merged.merge().id(), "admin"))))
          .isEqualTo(Refusal.ALREADY_UNDONE);
      assertThat(refusal(await(stores.contacts().unmerge(b, merged.merge().id(), "admin"))))
          .isEqualTo(Refusal.UNKNOWN_MERGE);
    }
  }

  @Test
  default void anAttributeChangedSinceTheMergeStaysWithTheSurvivor() {
    try (Stores stores = open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      Contact a = await(store.contacts().resolve(Identity.email(Inbound.address()), "A"));
      Contact b = await(store.contacts().resolve(Identity.phone(Inbound.phone()), "B"));
      await(store.contacts().updateAttributes(b.id(), Map.of("region", "emea")));
      MergeOutcome.Done merged = done(await(stores.contacts().merge(a.id(), b.id(), "alice")));
      await(store.contacts().updateAttributes(a.id(), Map.of("region", "apac")));

      done(await(stores.contacts().unmerge(a.id(), merged.merge().id(), "admin")));

      assertThat(await(store.contacts().find(a.id())).orElseThrow().attributes()).containsEntry("region", "apac");
    }
  }

  @Test
  default void unmergeIsRefusedWhileTheSurvivorIsMergedIntoAnotherContact() {
    try (Stores stores = open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      Contact a = await(store.contacts().resolve(Identity.email(Inbound.address()), "A"));
      Contact b = await(store.contacts().resolve(Identity.phone(Inbound.phone()), "B"));
      Contact c = await(store.contacts().resolve(Identity.phone(Inbound.phone()), "C"));
      MergeOutcome.Done first = done(await(stores.contacts().merge(a.id(), b.id(), "alice")));
      MergeOutcome.Done second = done(await(stores.contacts().merge(c.id(), a.id(), "alice")));

      assertThat(refusal(await(stores.contacts().unmerge(a.id(), first.merge().id(), "admin"))))
          .isEqualTo(Refusal.ALREADY_MERGED);
      done(await(stores.contacts().unmerge(c.id(), second.merge().id(), "admin")));
      done(await(stores.contacts().unmerge(a.id(), first.merge().id(), "admin")));

      assertThat(await(store.contacts().find(b.id())).orElseThrow().identities()).isEqualTo(b.identities());
      assertThat(await(store.contacts().find(a.id())).orElseThrow().identities()).isEqualTo(a.identities());
      assertThat(await(store.contacts().find(c.id())).orElseThrow().identities()).isEqualTo(c.identities());
    }
  }

  @Test
  default void searchFindsByNameEmailOrPhonePagedAndLeavesMergedContactsOut() {
    try (Stores stores = open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String tag = "zq" + Long.toString(System.nanoTime(), 36);
      Contact byName = await(store.contacts().resolve(Identity.email(Inbound.address()), "Ann " + tag.toUpperCase()));
      Contact byEmail = await(store.contacts().resolve(Identity.email(tag + "@example.org"), null));
      Contact merged = await(store.contacts().resolve(Identity.email("x" + tag + "@example.org"), null));
      done(await(stores.contacts().merge(byEmail.id(), merged.id(), "admin")));
      String phone = Inbound.phone();
      Contact byPhone = await(store.contacts().resolve(Identity.phone(phone), null));

      ContactPage first = await(stores.contacts().search(new ContactQuery(tag, null, 1)));
      ContactPage second = await(stores.contacts().search(new ContactQuery(tag, first.next(), 1)));
      assertThat(first.contacts()).extracting(Contact::id).containsExactly(byName.id());
      assertThat(second.contacts()).extracting(Contact::id).containsExactly(byEmail.id());
      assertThat(second.next()).isNull();
      assertThat(await(stores.contacts().search(new ContactQuery(phone.substring(2), null, 10))).contacts())
          .extracting(Contact::id).containsExactly(byPhone.id());
      // LIKE's wildcards are taken literally.
      assertThat(await(stores.contacts().search(new ContactQuery(tag + "%", null, 10))).contacts()).isEmpty();
    }
  }
}
