package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Tags;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Conversation tags as every database must keep them. Tests share their class's database: tags are made-up words. */
interface TagsContract {

  Stores open(MutableClock clock, MeterRegistry meters);

  private Stores open() {
    return open(MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry());
  }

  private static ConversationId conversation(ConversationStore store) {
    IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
    return r.conversationId();
  }

  private static Conversation tagged(TagOutcome outcome) {
    assertThat(outcome).isInstanceOf(TagOutcome.Tagged.class);
    return ((TagOutcome.Tagged) outcome).conversation();
  }

  @Test
  default void tagsAreAddedAndRemovedAndEveryReadCarriesThem() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      ConversationId id = conversation(store);
      String a = SearchContract.word();
      String b = SearchContract.word();

      Conversation added = tagged(await(store.retag(id, TagChange.of(List.of(" " + a.toUpperCase() + " ", b),
          List.of(), "alice"))));
      assertThat(added.tags()).containsExactlyElementsOf(List.of(a, b).stream().sorted().toList());

      Conversation removed = tagged(await(store.retag(id, TagChange.of(List.of(), List.of(a), "bob"))));
      assertThat(removed.tags()).containsExactly(b);
      assertThat(await(store.conversation(id)).orElseThrow().tags()).containsExactly(b);
      assertThat(await(store.conversations(ConversationQuery.all())))
          .filteredOn(c -> c.id().equals(id)).singleElement().satisfies(c -> assertThat(c.tags()).containsExactly(b));
      Conversation saved = await(store.saveConversation(removed.withTags(List.of())));
      assertThat(saved.tags()).as("the router's saves leave tags alone").containsExactly(b);
    }
  }

  @Test
  default void conversationsAreListedByTag() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      String tag = "billing-" + SearchContract.word();
      ConversationId one = conversation(store);
      ConversationId two = conversation(store);
      conversation(store);
      await(store.retag(one, TagChange.of(List.of(tag), List.of(), "alice")));
      await(store.retag(two, TagChange.of(List.of(tag, "other"), List.of(), "alice")));

      assertThat(await(store.conversations(ConversationQuery.all().tag(tag))))
          .extracting(Conversation::id).containsExactly(two, one);
    }
  }

  @Test
  default void moreThanTwentyTagsChangeNothing() {
    try (Stores stores = open()) {
      ConversationStore store = stores.conversations();
      ConversationId id = conversation(store);
      List<String> twenty = IntStream.range(0, Tags.MAX_PER_CONVERSATION).mapToObj(i -> "t" + i).toList();
      tagged(await(store.retag(id, TagChange.of(twenty, List.of(), "alice"))));

      TagOutcome over = await(store.retag(id, TagChange.of(List.of("one-more", "and-another"), List.of("t0"), "alice")));

      assertThat(over).isEqualTo(new TagOutcome.TooMany(21));
      assertThat(await(store.conversation(id)).orElseThrow().tags()).hasSize(20).doesNotContain("one-more")
          .contains("t0");
      assertThat(tagged(await(store.retag(id, TagChange.of(List.of("one-more"), List.of("t0"), "alice")))).tags())
          .hasSize(20).contains("one-more").doesNotContain("t0");
    }
  }

  @Test
  default void anUnknownConversationFailsTheRetag() {
    try (Stores stores = open()) {
      assertThatThrownBy(() -> stores.conversations().retag(new ConversationId("01JUNKNOWNUNKNOWNUNKNOWN00"),
          TagChange.of(List.of("x"), List.of(), "alice")).toCompletableFuture().get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NoSuchElementException.class);
    }
  }
}
