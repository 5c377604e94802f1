package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Ids;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.report.CsatRow;
import dev.switchboard.core.report.ReportRange;
import dev.switchboard.core.report.SlaGrouping;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the store does with satisfaction surveys, on each database: one ask per resolution, with its message
 * and outbox entry in one transaction; none for a conversation reopened meanwhile; the first answer within
 * the window stands; the CSAT report counts the answers.
 */
interface CsatSurveysContract extends ConversationStoreContract {

  Set<Channel> ALL = Set.of(Channel.EMAIL, Channel.SMS, Channel.CHAT);

  private static ConversationId emailConversation(ConversationStore store) {
    IngestResult r = await(store.ingest(Inbound.email(Inbound.address(), Inbound.messageId()).build()));
    return r.conversationId();
  }

  /** Resolves the conversation as the router does, {@code agent} having held it. */
  private static Conversation resolve(ConversationStore store, ConversationId id, String tier, String agent) {
    Conversation c = await(store.conversation(id)).orElseThrow();
    return await(store.saveConversation(c.toBuilder().status(ConversationStatus.RESOLVED).tier(tier)
        .assignee(null).lastAgent(agent).firstResponseDue(null).nextResponseDue(null).build()));
  }

  private static Optional<CsatSurveys.Resolution> unasked(ConversationStore store, ConversationId id, Instant now) {
    return await(store.csat().unasked(now.minus(Duration.ofDays(1)), now, ALL, 1000)).stream()
        .filter(r -> r.conversationId().equals(id)).findFirst();
  }

  private static CsatSurvey ask(ConversationStore store, ConversationId id, MutableClock clock) {
    CsatSurveys.Resolution r = unasked(store, id, clock.instant()).orElseThrow();
    return await(store.csat().ask(Ids.next(), r, clock.instant().plus(Duration.ofDays(3)), "How did we do?"))
        .orElseThrow().survey();
  }

  @Test
  default void aResolutionIsAskedOnceWithItsMessageAndOutboxEntry() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      ConversationId id = emailConversation(store);
      assertThat(unasked(store, id, clock.instant())).isEmpty(); // open: nothing to ask
      resolve(store, id, "vip", "alice");
      clock.advance(Duration.ofMinutes(5));

      CsatSurveys.Resolution r = unasked(store, id, clock.instant()).orElseThrow();
      assertThat(r.channel()).isEqualTo(Channel.EMAIL);
      String surveyId = Ids.next();
      CsatSurveys.Asked asked = await(store.csat().ask(surveyId, r, clock.instant().plus(Duration.ofDays(3)),
          "How did we do?")).orElseThrow();
      Message m = asked.message().orElseThrow();
      assertThat(m.direction()).isEqualTo(Direction.OUT);
      assertThat(m.author()).isEqualTo(ConversationStore.SYSTEM_AUTHOR);
      assertThat(m.text()).isEqualTo("How did we do?");
      assertThat(asked.survey().status()).isEqualTo(CsatSurvey.Status.ASKED);
      assertThat(asked.survey().tier()).contains("vip");
      assertThat(asked.survey().agent()).contains("alice");
      assertThat(asked.survey().messageId()).contains(m.id());
      assertThat(await(store.deliveries().dueOutbox(clock.instant(), Channel.EMAIL, 1000))).anyMatch(e -> e.messageId().equals(m.id()));
      assertThat(await(store.csat().byMessage(m.id()))).map(CsatSurvey::id).contains(surveyId);
      // the ask did not reopen the conversation nor count as a response
      assertThat(await(store.conversation(id)).orElseThrow().status()).isEqualTo(ConversationStatus.RESOLVED);

      // asked again (a second pass, a new leader): the first survey, nothing written
      CsatSurveys.Asked again = await(store.csat().ask(Ids.next(), r, clock.instant().plus(Duration.ofDays(3)),
          "How did we do?")).orElseThrow();
      assertThat(again.survey().id()).isEqualTo(surveyId);
      assertThat(again.message()).isEmpty();
      assertThat(unasked(store, id, clock.instant())).isEmpty();
      assertThat(await(store.messages(id))).filteredOn(x -> x.direction() == Direction.OUT).hasSize(1);
    }
  }

  @Test
  default void aReopenedConversationIsNotAskedAndIsAskedAgainAfterItsNextResolution() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String from = Inbound.address();
      IngestResult first = await(store.ingest(Inbound.email(from, Inbound.messageId()).build()));
      ConversationId id = first.conversationId();
      Conversation resolved = resolve(store, id, "standard", "bob");
      clock.advance(Duration.ofMinutes(1));
      CsatSurveys.Resolution before = unasked(store, id, clock.instant()).orElseThrow();

      await(store.ingest(Inbound.email(from, Inbound.messageId()).conversationRef(resolved.ref()).build()));
      assertThat(await(store.csat().ask(Ids.next(), before, clock.instant().plus(Duration.ofDays(1)), "Q")))
          .isEmpty();

      clock.advance(Duration.ofMinutes(10));
      resolve(store, id, "standard", "bob");
      clock.advance(Duration.ofMinutes(1));
      CsatSurvey second = ask(store, id, clock);
      assertThat(second.resolvedAt()).isAfter(before.resolvedAt());
      assertThat(await(store.csat().ofConversation(id))).extracting(CsatSurvey::id).containsExactly(second.id());
    }
  }

  @Test
  default void theFirstAnswerWithinTheWindowStands() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      ConversationId id = emailConversation(store);
      resolve(store, id, "vip", "alice");
      CsatSurvey s = ask(store, id, clock);

      CsatSurveys.Answered a = await(store.csat().answer(s.id(), 4, Optional.empty(), "link:4"));
      assertThat(a.outcome()).isEqualTo(CsatSurveys.Outcome.RECORDED);
      assertThat(a.survey().orElseThrow().answer().orElseThrow().score()).isEqualTo(4);
      assertThat(await(store.csat().answer(s.id(), 1, Optional.empty(), "link:1")).outcome())
          .isEqualTo(CsatSurveys.Outcome.ALREADY_ANSWERED);
      assertThat(await(store.csat().answer(s.id(), 4, Optional.empty(), "link:4")).outcome())
          .isEqualTo(CsatSurveys.Outcome.REPEATED);
      assertThat(await(store.csat().comment(s.id(), "  Quick and kind.  ")).outcome())
          .isEqualTo(CsatSurveys.Outcome.RECORDED);
      assertThat(await(store.csat().comment(s.id(), "Changed my mind")).outcome())
          .isEqualTo(CsatSurveys.Outcome.ALREADY_ANSWERED);
      CsatSurvey stored = await(store.csat().find(s.id())).orElseThrow();
      assertThat(stored.answer().orElseThrow().score()).isEqualTo(4);
      assertThat(stored.answer().orElseThrow().comment()).contains("Quick and kind.");

      ConversationId late = emailConversation(store);
      resolve(store, late, "vip", "alice");
      CsatSurvey expiring = ask(store, late, clock);
      clock.advance(Duration.ofDays(3));
      assertThat(await(store.csat().answer(expiring.id(), 5, Optional.empty(), "link:5")).outcome())
          .isEqualTo(CsatSurveys.Outcome.EXPIRED);
      assertThat(await(store.csat().find(expiring.id())).orElseThrow().answer()).isEmpty();
      assertThat(await(store.csat().answerConversation(emailConversation(store), 3, Optional.empty(), "chat"))
          .outcome()).isEqualTo(CsatSurveys.Outcome.NOT_ASKED);
    }
  }

  @Test
  default void anSmsReplyAnswersTheThreadsSurveyAndAnOptedOutCustomerIsNotAsked() {
    MutableClock clock = MutableClock.startingAt("2026-01-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      String phone = Inbound.phone();
      String threadKey = "+15550001111|" + phone;
      IngestResult r = await(store.ingest(dev.switchboard.core.ingest.InboundMessage.builder(Channel.SMS,
          dev.switchboard.core.model.Identity.phone(phone), "SM" + Ids.next(), threadKey).text("Help")
          .receivedAt(clock.instant()).build()));
      resolve(store, r.conversationId(), "standard", "carol");
      CsatSurvey s = ask(store, r.conversationId(), clock);
      String sid = "SM" + Ids.next();
      assertThat(await(store.csat().answerThread(Channel.SMS, threadKey, 2, sid)).outcome())
          .isEqualTo(CsatSurveys.Outcome.RECORDED);
      assertThat(await(store.csat().answerThread(Channel.SMS, threadKey, 2, sid)).outcome())
          .isEqualTo(CsatSurveys.Outcome.REPEATED); // Twilio retried the webhook
      assertThat(await(store.csat().answerThread(Channel.SMS, threadKey, 5, "SM" + Ids.next())).outcome())
          .isEqualTo(CsatSurveys.Outcome.ALREADY_ANSWERED);
      assertThat(await(store.csat().find(s.id())).orElseThrow().answer().orElseThrow().score()).isEqualTo(2);

      String other = Inbound.phone();
      String otherKey = "+15550001111|" + other;
      IngestResult o = await(store.ingest(dev.switchboard.core.ingest.InboundMessage.builder(Channel.SMS,
          dev.switchboard.core.model.Identity.phone(other), "SM" + Ids.next(), otherKey).text("STOP")
          .receivedAt(clock.instant()).build()));
      await(store.optOuts().record(Channel.SMS, other, "+15550001111", new OptOutState(true, clock.instant())));
      resolve(store, o.conversationId(), "standard", "carol");
      CsatSurveys.Resolution res = unasked(store, o.conversationId(), clock.instant()).orElseThrow();
      CsatSurveys.Asked skipped = await(store.csat().ask(Ids.next(), res, clock.instant().plus(Duration.ofDays(1)),
          "Q")).orElseThrow();
      assertThat(skipped.survey().status()).isEqualTo(CsatSurvey.Status.SKIPPED);
      assertThat(skipped.message()).isEmpty();
      assertThat(await(store.messages(o.conversationId()))).noneMatch(m -> m.direction() == Direction.OUT);
      assertThat(await(store.csat().answerThread(Channel.SMS, otherKey, 3, "SM" + Ids.next())).outcome())
          .isEqualTo(CsatSurveys.Outcome.NOT_ASKED);
    }
  }

  @Test
  default void theCsatReportCountsAnswersPerAgentWithTheirMeanAndDistribution() {
    MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      Instant start = clock.instant();
      String dana = "dana-" + Ids.next(); // tests share a database: this test's own agents
      String erin = "erin-" + Ids.next();
      int[][] answers = {{5, 0}, {4, 0}, {5, 0}, {1, 1}, {3, 1}};
      for (int[] a : answers) {
        ConversationId id = emailConversation(store);
        resolve(store, id, "vip", a[1] == 0 ? dana : erin);
        CsatSurvey s = ask(store, id, clock);
        assertThat(await(store.csat().answer(s.id(), a[0], Optional.empty(), "link")).outcome())
            .isEqualTo(CsatSurveys.Outcome.RECORDED);
        clock.advance(Duration.ofMinutes(1));
      }
      ConversationId unanswered = emailConversation(store);
      resolve(store, unanswered, "vip", dana);
      ask(store, unanswered, clock);

      List<CsatRow> rows = await(stores.reports().csat(new ReportRange(start, clock.instant().plusSeconds(1)),
          SlaGrouping.AGENT));
      CsatRow d = rows.stream().filter(x -> x.group().equals(dana)).findFirst().orElseThrow();
      CsatRow e = rows.stream().filter(x -> x.group().equals(erin)).findFirst().orElseThrow();
      assertThat(d.answers()).isEqualTo(3);
      assertThat(d.distribution()).containsExactly(0L, 0L, 0L, 1L, 2L);
      assertThat(d.mean()).isEqualTo(4.67);
      assertThat(e.answers()).isEqualTo(2);
      assertThat(e.distribution()).containsExactly(1L, 0L, 1L, 0L, 0L);
      assertThat(e.mean()).isEqualTo(2.0);
      assertThat(await(stores.reports().csat(new ReportRange(start.minus(Duration.ofDays(2)), start),
          SlaGrouping.AGENT))).noneMatch(x -> x.group().equals(dana) || x.group().equals(erin));
    }
  }
}
