package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Incident;
import dev.switchboard.core.model.IncidentMatch;
import dev.switchboard.core.model.IncidentUpdate;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the store does with incidents, on each database: matching open conversations, links that tag and
 * answer once, updates stored once per conversation, and a resolve that sends back to the queue those whose
 * customer wrote after the last update. Each test uses its own words, since the tests share a database.
 */
interface IncidentsContract extends ConversationStoreContract {

  private static ConversationId email(ConversationStore store, String text, Instant at) {
    return await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).text(text).receivedAt(at).build()))
        .conversationId();
  }

  private static ConversationId sms(ConversationStore store, String from, String text, Instant at) {
    return await(store.ingest(InboundMessage.builder(Channel.SMS, Identity.phone(from), "SM" + UUID.randomUUID(),
        "+15550001111|" + from).text(text).receivedAt(at).build())).conversationId();
  }

  private static String word() {
    return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private static List<Message> sentBySystem(ConversationStore store, ConversationId id) {
    return await(store.messages(id)).stream()
        .filter(m -> m.direction() == Direction.OUT && ConversationStore.SYSTEM_AUTHOR.equals(m.author())).toList();
  }

  @Test
  default void aMatchFindsOpenConversationsWhoseCustomerWroteItsTextOnItsChannelsSinceItsTime() {
    MutableClock clock = MutableClock.startingAt("2026-02-01T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String w = word();
      ConversationId old = email(store, "the site is " + w, clock.instant());
      clock.advance(Duration.ofHours(2));
      ConversationId mail = email(store, "Is the SITE " + w.toUpperCase() + "?", clock.instant());
      ConversationId text = sms(store, Inbound.phone(), "site " + w + " again", clock.instant());
      email(store, "a billing question", clock.instant());

      IncidentMatch all = new IncidentMatch("(?i)" + w, null, clock.instant().minus(Duration.ofHours(1)));
      Incidents.Found found = await(store.incidents().openMatching(all, 10));
      assertThat(found.count()).isEqualTo(2);
      assertThat(found.ids()).containsExactlyInAnyOrder(mail, text).doesNotContain(old);

      IncidentMatch smsOnly = new IncidentMatch("(?i)" + w, Set.of(Channel.SMS), clock.instant().minus(Duration.ofHours(1)));
      assertThat(await(store.incidents().openMatching(smsOnly, 10)).ids()).containsExactly(text);

      Incidents.Found capped = await(store.incidents().openMatching(all, 1));
      assertThat(capped.count()).isEqualTo(2);
      assertThat(capped.ids()).hasSize(1);
    }
  }

  @Test
  default void aLinkTagsAndAnswersOnceAndNotAnSmsCustomerWhoOptedOut() {
    MutableClock clock = MutableClock.startingAt("2026-02-02T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String w = word();
      ConversationId mail = email(store, "down " + w, clock.instant());
      String stopped = Inbound.phone();
      ConversationId text = sms(store, stopped, "down " + w, clock.instant());
      await(store.optOuts().record(Channel.SMS, stopped, "+15550001111", new OptOutState(true, clock.instant())));
      IncidentMatch match = new IncidentMatch(w, null, clock.instant().minus(Duration.ofHours(1)));
      Incident incident = await(store.incidents().create(
          Incident.open("Outage " + w, match, "We know, we are on it.", "admin", clock.instant())));

      Incidents.Linked linked = await(store.incidents().link(incident, List.of(mail, text)));
      assertThat(linked.conversations()).extracting(c -> c.id()).containsExactlyInAnyOrder(mail, text);
      assertThat(linked.sent()).extracting(s -> s.conversation().id()).containsExactly(mail);
      assertThat(await(store.conversation(mail)).orElseThrow().tags()).contains(JdbcIncidents.tagOf(incident.id()));
      assertThat(sentBySystem(store, mail)).extracting(Message::text).containsExactly("We know, we are on it.");
      assertThat(sentBySystem(store, text)).isEmpty();
      assertThat(await(store.deliveries().dueOutbox(clock.instant(), Channel.EMAIL, 100_000))).anyMatch(
          e -> e.messageId().equals(linked.sent().get(0).message().id()));

      // linked again (a repeated event): nothing more
      Incidents.Linked again = await(store.incidents().link(incident, List.of(mail)));
      assertThat(again.sent()).isEmpty();
      assertThat(sentBySystem(store, mail)).hasSize(1);
      assertThat(await(store.incidents().held())).containsEntry(mail, incident.id()).containsEntry(text, incident.id());
      // a second incident cannot take them
      Incident other = await(store.incidents().create(
          Incident.open("Other " + w, match, "Other", "admin", clock.instant())));
      assertThat(await(store.incidents().link(other, List.of(mail))).conversations()).isEmpty();
      assertThat(await(store.incidents().openMatching(match, 10)).count()).isZero();
    }
  }

  @Test
  default void anUpdateIsStoredOncePerConversationAndRefusedOnceTheIncidentIsResolved() {
    MutableClock clock = MutableClock.startingAt("2026-02-03T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String w = word();
      ConversationId quiet = email(store, "down " + w, clock.instant());
      String phone = Inbound.phone();
      ConversationId chatty = sms(store, phone, "down " + w, clock.instant());
      IncidentMatch match = new IncidentMatch(w, null, clock.instant().minus(Duration.ofHours(1)));
      Incident incident = await(store.incidents().create(Incident.open("Outage", match, "On it.", "admin", clock.instant())));
      await(store.incidents().link(incident, List.of(quiet, chatty)));

      clock.advance(Duration.ofMinutes(5));
      IncidentUpdate update = IncidentUpdate.post(incident.id(), "Fix deployed at 11:00.", false, "admin", clock.instant());
      assertThat(await(store.incidents().post(update))).isInstanceOf(Incidents.Posted.Accepted.class);
      List<ConversationId> linked = await(store.incidents().linked(incident.id()));
      assertThat(linked).containsExactlyInAnyOrder(quiet, chatty);
      assertThat(await(store.incidents().deliver(update, linked, true)).sent()).hasSize(2);
      // run again (a new leader finishing it): nothing stored twice
      await(store.incidents().deliver(update, linked, true));
      assertThat(sentBySystem(store, quiet)).extracting(Message::text).containsExactly("On it.", "Fix deployed at 11:00.");
      assertThat(await(store.incidents().incident(incident.id())).orElseThrow().statusText())
          .isEqualTo("Fix deployed at 11:00.");

      clock.advance(Duration.ofMinutes(5));
      assertThat(sms(store, phone, "still down " + w, clock.instant())).isEqualTo(chatty);

      clock.advance(Duration.ofMinutes(5));
      IncidentUpdate last = IncidentUpdate.post(incident.id(), "All fixed.", true, "admin", clock.instant());
      assertThat(await(store.incidents().post(last))).isInstanceOf(Incidents.Posted.Accepted.class);
      Incidents.Delivered delivered = await(store.incidents().deliver(last, linked, true));
      assertThat(delivered.resolved()).extracting(c -> c.id()).containsExactly(quiet);
      assertThat(delivered.released()).extracting(c -> c.id()).containsExactly(chatty);
      assertThat(await(store.conversation(quiet)).orElseThrow().status()).isEqualTo(ConversationStatus.RESOLVED);
      assertThat(await(store.conversation(chatty)).orElseThrow().status()).isEqualTo(ConversationStatus.QUEUED);
      assertThat(await(store.incidents().held())).doesNotContainKeys(quiet, chatty);

      Incident resolved = await(store.incidents().incident(incident.id())).orElseThrow();
      assertThat(resolved.status()).isEqualTo(Incident.Status.RESOLVED);
      assertThat(await(store.incidents().post(IncidentUpdate.post(incident.id(), "late", false, "admin", clock.instant()))))
          .isInstanceOf(Incidents.Posted.Resolved.class);
      assertThat(await(store.incidents().post(IncidentUpdate.post("nope", "x", false, "admin", clock.instant()))))
          .isInstanceOf(Incidents.Posted.Unknown.class);
      assertThat(await(store.incidents().updates(incident.id()))).extracting(IncidentUpdate::queued).containsExactly(2, 2);
      assertThat(await(store.incidents().unfinishedUpdates())).extracting(IncidentUpdate::incidentId)
          .doesNotContain(incident.id());

      var counts = await(store.incidents().counts(incident.id()));
      assertThat(counts.get(Channel.EMAIL).linked()).isEqualTo(1);
      assertThat(counts.get(Channel.EMAIL).messages()).containsEntry(DeliveryStatus.QUEUED, 3);
      assertThat(counts.get(Channel.SMS).waiting()).isZero();
    }
  }

  @Test
  default void incidentsAndLinksSurviveARestart() {
    MutableClock clock = MutableClock.startingAt("2026-02-04T10:00:00Z");
    String w = word();
    Incident incident;
    ConversationId mail;
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      mail = email(store, "down " + w, clock.instant());
      incident = await(store.incidents().create(Incident.open("Restart " + w,
          new IncidentMatch(w, Set.of(Channel.EMAIL), clock.instant()), "On it.", "admin", clock.instant())));
      await(store.incidents().link(incident, List.of(mail)));
    }
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      Incidents incidents = stores.conversations().incidents();
      Incident read = await(incidents.incident(incident.id())).orElseThrow();
      assertThat(read.match().text()).isEqualTo(w);
      assertThat(read.match().channels()).containsExactly(Channel.EMAIL);
      assertThat(read.title()).isEqualTo("Restart " + w);
      assertThat(await(incidents.incidents(true))).extracting(Incident::id).contains(incident.id());
      assertThat(await(incidents.held())).containsEntry(mail, incident.id());
    }
  }
}
