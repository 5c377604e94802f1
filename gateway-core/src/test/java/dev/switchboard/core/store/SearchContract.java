package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Full-text search as every database must do it (FTS5 on SQLite, tsvector on PostgreSQL). Tests share
 * their class's database, so each searches for words only it wrote ({@link #word}).
 */
interface SearchContract {

  Stores open(MutableClock clock, MeterRegistry meters);

  private Stores open() {
    return open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry());
  }

  /** A made-up word no other test writes: ten lower-case letters. */
  static String word() {
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      w.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    }
    return w.toString();
  }

  private static List<SearchHit> search(ConversationStore store, String q) {
    return await(store.search(new SearchQuery(SearchTerms.parse(q), SearchScope.everything(), 20)));
  }

  private static List<ConversationId> found(ConversationStore store, String q) {
    return search(store, q).stream().map(h -> h.conversation().id()).toList();
  }

  private static String highlighted(SearchHit hit) {
    return hit.snippet().highlights().stream()
        .map(r -> hit.snippet().text().substring(r.start(), r.end())).reduce((a, b) -> a + "|" + b).orElse("");
  }

  @Test
  default void findsAConversationByAWordOfItsFirstMessage() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String w = word();
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .text("Our invoice " + w + " was charged twice, please check.").build()));

      List<SearchHit> hits = search(store, w);

      assertThat(hits).singleElement().satisfies(h -> {
        assertThat(h.conversation().id()).isEqualTo(r.conversationId());
        assertThat(h.conversation().status()).isEqualTo(ConversationStatus.QUEUED);
        assertThat(h.matchedIn()).isEqualTo(SearchField.MESSAGE);
        assertThat(h.messageId()).contains(r.messageId());
        assertThat(h.snippet().text()).contains("invoice " + w + " was charged");
        assertThat(highlighted(h)).isEqualTo(w);
        assertThat(h.contactName()).startsWith("Customer ");
      });
    }
  }

  @Test
  default void findsBySubjectContactNameAndIdentities() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String subject = word();
      String name = word();
      String local = word();
      String from = local + ".smith@example.com";
      IngestResult mail = await(store.ingest(Inbound.email(from, Inbound.messageId())
          .subject("Refund for " + subject).senderName("Ada " + name).text("Hello").build()));
      String phone = "+1" + (2_000_000_000L + ThreadLocalRandom.current().nextLong(7_000_000_000L));
      IngestResult sms = await(store.ingest(Inbound.sms(phone, "SM" + word()).text("Hello").build()));

      assertThat(search(store, subject)).singleElement().satisfies(h -> {
        assertThat(h.conversation().id()).isEqualTo(mail.conversationId());
        assertThat(h.matchedIn()).isEqualTo(SearchField.SUBJECT);
        assertThat(h.snippet().text()).isEqualTo("Refund for " + subject);
        assertThat(highlighted(h)).isEqualTo(subject);
      });
      assertThat(search(store, "ada " + name)).singleElement()
          .satisfies(h -> assertThat(h.matchedIn()).isEqualTo(SearchField.CONTACT_NAME));
      assertThat(found(store, from)).containsExactly(mail.conversationId());
      assertThat(found(store, local)).containsExactly(mail.conversationId());
      assertThat(search(store, local)).singleElement().satisfies(h -> {
        assertThat(h.matchedIn()).isEqualTo(SearchField.IDENTITY);
        assertThat(h.snippet().text()).isEqualTo(from);
        assertThat(highlighted(h)).isEqualTo(local);
      });
      assertThat(found(store, phone)).containsExactly(sms.conversationId());
      assertThat(found(store, phone.substring(1))).containsExactly(sms.conversationId());
    }
  }

  @Test
  default void everyWordMustMatchAndTheLastMayBeAPrefix() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String a = word();
      String b = word();
      IngestResult both = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .text(a + " and " + b).build()));
      IngestResult one = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .text("only " + a).build()));

      assertThat(found(store, a)).containsExactlyInAnyOrder(both.conversationId(), one.conversationId());
      assertThat(found(store, a + " " + b)).containsExactly(both.conversationId());
      assertThat(found(store, b.toUpperCase())).containsExactly(both.conversationId());
      assertThat(found(store, a + " " + b.substring(0, 5))).containsExactly(both.conversationId());
      assertThat(found(store, b.substring(0, 5) + " " + a)).as("only the last word is a prefix").isEmpty();
    }
  }

  @Test
  default void aConversationIsFoundOnceWithItsBestMatchAndResultsAreBounded() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String w = word();
      String from = Inbound.address();
      String first = Inbound.messageId();
      IngestResult r = await(store.ingest(Inbound.email(from, first).text("one " + w).build()));
      await(store.ingest(Inbound.reply(from, Inbound.messageId(), first).references(List.of(first))
          .text(w + " " + w + " " + w).build()));
      await(store.appendAgentMessage(r.conversationId(), Direction.NOTE, "alice", "note about " + w, "n1"));
      for (int i = 0; i < 4; i++) {
        await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).text("also " + w).build()));
      }

      List<SearchHit> all = search(store, w);
      assertThat(all).hasSize(5).extracting(h -> h.conversation().id()).doesNotHaveDuplicates()
          .first().isEqualTo(r.conversationId());
      assertThat(await(store.search(new SearchQuery(SearchTerms.parse(w), SearchScope.everything(), 2))))
          .hasSize(2);
    }
  }

  @Test
  default void hostileQueriesAreWordsNeverSyntax() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String w = word();
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .text("Quote \"" + w + "\" it's here: OR NOT AND NEAR body").build()));
      // Operators of FTS5 or tsquery syntax are words to match (the text has them), quotes and
      // punctuation around a word are dropped like any punctuation.
      List<String> findIt = List.of("\"" + w, w + "\"", "\"\"\"" + w, w + " OR", "NOT " + w, w + " AND",
          "NEAR( " + w, w + "*", "(" + w + ")", "{body}: " + w, "body: " + w, "-" + w, "^" + w, w + "'",
          "'" + w + "'", w + "\\", "\\" + w, w + " & | ! <-> :* :", "\u0000" + w + "\u0001",
          w + " \\' \\\\ '' \"\"", w + ":*", w + " ):(", "!" + w, w + " OR NOT");
      for (String q : findIt) {
        assertThat(found(store, q)).as(q).contains(r.conversationId());
      }
      List<String> findNothing = List.of("", "   ", "\"", "'", "\\", "*", "()", "&|!", "--", "\u0000",
          "'); DROP TABLE messages; --", "\" OR 1=1 --", "NEAR(a b, 2)", "a'b\\c\"d:*", "x".repeat(200),
          "&".repeat(200), w + " " + word());
      for (String q : findNothing) {
        assertThat(search(store, q)).as(q).noneMatch(h -> h.conversation().id().equals(r.conversationId()));
      }
      assertThat(found(store, w)).containsExactly(r.conversationId());
    }
  }

  @Test
  default void anAgentFindsTheirTiersAndWhatTheyHeld() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String w = word();
      Conversation vip = tiered(store, w, "vip", null);
      Conversation basic = tiered(store, w, "basic", null);
      Conversation heldBefore = tiered(store, w, "vip", "bob");
      tiered(store, w, null, null);

      SearchQuery asBob = new SearchQuery(SearchTerms.parse(w), SearchScope.agent("bob", List.of("basic"), false), 20);
      assertThat(await(store.search(asBob))).extracting(h -> h.conversation().id())
          .containsExactlyInAnyOrder(basic.id(), heldBefore.id());
      assertThat(await(store.search(new SearchQuery(SearchTerms.parse(w), SearchScope.agent("bob", List.of("basic"),
          true), 20)))).hasSize(4);
      assertThat(await(store.search(new SearchQuery(SearchTerms.parse(w), SearchScope.agent("bob", List.of(), false),
          20)))).as("an agent of every tier: not the conversation with none").extracting(h -> h.conversation().id())
          .containsExactlyInAnyOrder(vip.id(), basic.id(), heldBefore.id());
      assertThat(await(store.search(new SearchQuery(SearchTerms.parse(w), SearchScope.heldBy("bob"), 20))))
          .extracting(h -> h.conversation().id()).containsExactly(heldBefore.id());
    }
  }

  private static Conversation tiered(ConversationStore store, String w, String tier, String lastAgent) {
    IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).text(w).build()));
    Conversation c = await(store.conversation(r.conversationId())).orElseThrow();
    return await(store.saveConversation(c.toBuilder().tier(tier).assignee(null).lastAgent(lastAgent)
        .firstResponseDue(null).nextResponseDue(null).firstRespondedAt(null).build()));
  }

  @Test
  default void theIndexFollowsWritesAsTheyCommit() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String old = word();
      String renamed = word();
      String replied = word();
      IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId())
          .subject("About " + old).build()));
      Conversation c = await(store.conversation(r.conversationId())).orElseThrow();
      assertThat(found(store, old)).containsExactly(c.id());

      await(store.saveConversation(c.toBuilder().subject("About " + renamed).assignee(null).lastAgent(null)
          .firstResponseDue(null).nextResponseDue(null).firstRespondedAt(null).build()));
      await(store.appendAgentMessage(c.id(), Direction.OUT, "alice", "Sent " + replied, "c1"));

      assertThat(found(store, old)).isEmpty();
      assertThat(found(store, renamed)).containsExactly(c.id());
      assertThat(found(store, replied)).containsExactly(c.id());
    }
  }
}
