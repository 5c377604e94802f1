package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.report.ReportRange;
import dev.switchboard.core.report.SlaGrouping;
import dev.switchboard.core.report.SlaRow;
import dev.switchboard.core.report.StaffingFacts;
import dev.switchboard.core.report.VolumeGrouping;
import dev.switchboard.core.report.VolumeRow;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reports against each database, from conversations written the way the gateway writes them: ingest,
 * the router's saves (tier, due times, assignment, resolution) and agents' replies, on a controlled clock.
 * Each test works on a day of its own, so tests sharing a database never see each other's conversations.
 */
interface ReportsContract {

  Stores open(MutableClock clock, MeterRegistry meters);

  /**
   * Four conversations opened from 10:00: vip A answered in 1 min (due in 2), a next response in time, resolved
   * at 10:20; vip B answered in 3 min (due in 2), a next response left unanswered past due at resolution;
   * standard C never answered and past due; standard D resolved at 10:05 unanswered before its due time.
   */
  static ReportRange fourConversations(Stores stores, MutableClock clock, String day) {
    Instant t0 = Instant.parse(day + "T10:00:00Z");
    ConversationStore store = stores.conversations();
    clock.set(t0);
    Desk a = Desk.open(store, "vip", t0.plusSeconds(120));
    clock.set(t0.plusSeconds(30));
    a.assign("alice");
    clock.set(t0.plusSeconds(60));
    Desk b = Desk.open(store, "vip", t0.plusSeconds(180));
    a.reply("alice");
    clock.set(t0.plusSeconds(120));
    Desk c = Desk.open(store, "standard", t0.plusSeconds(120 + 900));
    b.assign("bob");
    clock.set(t0.plusSeconds(180));
    Desk d = Desk.open(store, "standard", t0.plusSeconds(180 + 900));
    clock.set(t0.plusSeconds(240));
    b.reply("bob");
    clock.set(t0.plusSeconds(300));
    a.customerWrites(t0.plusSeconds(600));
    d.resolve(null);
    clock.set(t0.plusSeconds(360));
    b.customerWrites(t0.plusSeconds(900));
    clock.set(t0.plusSeconds(480));
    a.reply("alice");
    clock.set(t0.plusSeconds(1140));
    b.resolve("bob");
    clock.set(t0.plusSeconds(1200));
    a.resolve("alice");
    clock.set(t0.plusSeconds(1800));
    return new ReportRange(t0.minusSeconds(3600), t0.plusSeconds(3600));
  }

  @Test
  default void slaByTierCountsResponsesWithinTheDueTimesTheRouterStored() {
    MutableClock clock = MutableClock.startingAt("2026-02-02T09:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ReportRange range = fourConversations(stores, clock, "2026-02-02");

      List<SlaRow> rows = await(stores.reports().sla(range, SlaGrouping.TIER));

      assertThat(rows).extracting(SlaRow::group).containsExactly("standard", "vip");
      SlaRow standard = rows.get(0);
      SlaRow vip = rows.get(1);
      assertThat(vip.conversations()).isEqualTo(2);
      assertThat(vip.firstResponsesOwed()).isEqualTo(2);
      assertThat(vip.firstWithinSla()).isCloseTo(0.5, within(1e-9));
      assertThat(vip.nextResponsesOwed()).isEqualTo(2);
      assertThat(vip.nextWithinSla()).isCloseTo(0.5, within(1e-9));
      assertThat(vip.firstResponseMedian()).isEqualTo(Duration.ofSeconds(60));
      assertThat(vip.firstResponseP90()).isEqualTo(Duration.ofSeconds(180));
      assertThat(vip.resolutionMedian()).isEqualTo(Duration.ofSeconds(1080)); // B: 10:01 to 10:19
      assertThat(standard.conversations()).isEqualTo(2);
      assertThat(standard.firstResponsesOwed()).as("C is past due; D was resolved before its due time")
          .isEqualTo(1);
      assertThat(standard.firstWithinSla()).isZero();
      assertThat(standard.nextWithinSla()).isNull();
      assertThat(standard.firstResponseMedian()).isNull();
      assertThat(standard.resolutionMedian()).isEqualTo(Duration.ofSeconds(120));
    }
  }

  @Test
  default void slaGroupsByAgentChannelAndUtcDay() {
    MutableClock clock = MutableClock.startingAt("2026-02-03T09:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ReportRange range = fourConversations(stores, clock, "2026-02-03");

      assertThat(await(stores.reports().sla(range, SlaGrouping.AGENT)))
          .extracting(SlaRow::group, SlaRow::conversations)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", 1L),
              org.assertj.core.groups.Tuple.tuple("bob", 1L),
              org.assertj.core.groups.Tuple.tuple("unassigned", 2L));
      assertThat(await(stores.reports().sla(range, SlaGrouping.CHANNEL)))
          .extracting(SlaRow::group, SlaRow::conversations)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("email", 4L));
      assertThat(await(stores.reports().sla(range, SlaGrouping.DAY)))
          .extracting(SlaRow::group, SlaRow::firstResponsesOwed)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-02-03", 3L));
    }
  }

  @Test
  default void volumeCountsConversationsOpenedAndResolvedPerGroup() {
    MutableClock clock = MutableClock.startingAt("2026-02-04T09:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ReportRange range = fourConversations(stores, clock, "2026-02-04");

      assertThat(await(stores.reports().volume(range, VolumeGrouping.TIER)))
          .containsExactly(new VolumeRow("standard", 2, 1), new VolumeRow("vip", 2, 2));
      assertThat(await(stores.reports().volume(range, VolumeGrouping.HOUR)))
          .containsExactly(new VolumeRow("2026-02-04T10:00:00Z", 4, 3));
      assertThat(await(stores.reports().volume(new ReportRange(range.from(),
          Instant.parse("2026-02-04T10:01:00Z")), VolumeGrouping.DAY)))
          .as("to is exclusive: B opened at 10:01 is out")
          .containsExactly(new VolumeRow("2026-02-04", 1, 1));
    }
  }

  @Test
  default void aReopenedConversationIsOpenAgainAndOwesANextResponse() {
    MutableClock clock = MutableClock.startingAt("2026-02-05T10:00:00Z");
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      Desk a = Desk.open(store, "vip", Instant.parse("2026-02-05T10:02:00Z"));
      a.assign("alice");
      clock.advance(Duration.ofSeconds(60));
      a.reply("alice");
      clock.advance(Duration.ofSeconds(60));
      a.resolve("alice");
      ReportRange range = new ReportRange(Instant.parse("2026-02-05T00:00:00Z"), Instant.parse("2026-02-06T00:00:00Z"));
      assertThat(await(stores.reports().volume(range, VolumeGrouping.DAY)))
          .containsExactly(new VolumeRow("2026-02-05", 1, 1));

      clock.advance(Duration.ofSeconds(600));
      a.reopen(Instant.parse("2026-02-05T10:17:00Z"));
      clock.advance(Duration.ofSeconds(60));
      a.assign("alice");
      clock.advance(Duration.ofSeconds(60));
      a.reply("alice");

      assertThat(await(stores.reports().volume(range, VolumeGrouping.DAY)))
          .containsExactly(new VolumeRow("2026-02-05", 1, 0));
      SlaRow row = await(stores.reports().sla(range, SlaGrouping.TIER)).get(0);
      assertThat(row.firstResponseMedian()).as("the first response stays the first").isEqualTo(Duration.ofSeconds(60));
      assertThat(row.nextResponsesOwed()).isEqualTo(1);
      assertThat(row.nextWithinSla()).isEqualTo(1.0);
    }
  }

  @Test
  default void staffingFactsCountArrivalsPerHourOfTheWeekAndThePresenceRecorded() {
    MutableClock clock = MutableClock.startingAt("2026-02-09T08:00:00Z"); // a Monday
    try (Stores stores = open(clock, new SimpleMeterRegistry())) {
      ConversationStore store = stores.conversations();
      Instant t0 = clock.instant();
      await(store.presence().record("presence-alice", true, t0));
      await(store.presence().record("presence-alice", true, t0.plusSeconds(600))); // already available
      await(store.presence().record("presence-alice", false, t0.plusSeconds(5400)));
      await(store.presence().record("presence-bob", true, t0.plusSeconds(3600)));
      clock.set(Instant.parse("2026-02-09T10:00:00Z"));
      ReportRange range = fourConversations(stores, clock, "2026-02-09");
      await(store.presence().record("presence-carol", true, Instant.parse("2026-02-09T10:10:00Z")));

      StaffingFacts facts = await(stores.reports().staffing(range));

      assertThat(facts.arrivals()).filteredOn(a -> a.tier().equals("vip")).singleElement().satisfies(a -> {
        assertThat(a.hourOfWeek()).isEqualTo(10);
        assertThat(a.channel()).isEqualTo("email");
        assertThat(a.conversations()).isEqualTo(2);
        assertThat(a.handled()).isEqualTo(2);
        assertThat(a.handledMillis()).as("A held 10:00:30-10:20, B 10:02-10:19").isEqualTo((1170 + 1020) * 1000L);
      });
      assertThat(facts.presence()).filteredOn(p -> p.agent().startsWith("presence-"))
          .containsExactlyInAnyOrder(
              // clipped to the range, which starts at 09:00
              new StaffingFacts.Presence("presence-alice", t0.plusSeconds(3600).toEpochMilli(),
                  t0.plusSeconds(5400).toEpochMilli()),
              // still open: until now (10:30)
              new StaffingFacts.Presence("presence-bob", t0.plusSeconds(3600).toEpochMilli(),
                  Instant.parse("2026-02-09T10:30:00Z").toEpochMilli()),
              new StaffingFacts.Presence("presence-carol", Instant.parse("2026-02-09T10:10:00Z").toEpochMilli(),
                  Instant.parse("2026-02-09T10:30:00Z").toEpochMilli()));
      assertThat(await(store.presence().endAll(clock.instant()))).as("bob's and carol's").isEqualTo(2);
    }
  }

  /** One conversation driven as the router and an agent would: the router's saves and the agent's replies. */
  final class Desk {
    private final ConversationStore store;
    private final String address;
    private final String threadKey;
    private ConversationId id;

    private Desk(ConversationStore store, String address, String threadKey) {
      this.store = store;
      this.address = address;
      this.threadKey = threadKey;
    }

    /** A customer's mail, then the router's save: queued at {@code tier}, first response due at {@code due}. */
    static Desk open(ConversationStore store, String tier, Instant due) {
      String address = Inbound.address();
      String messageId = Inbound.messageId();
      Desk d = new Desk(store, address, messageId);
      d.id = await(store.ingest(Inbound.email(address, messageId).build())).conversationId();
      d.save(c -> with(c, ConversationStatus.QUEUED, tier, null, c.lastAgent(), due, null));
      return d;
    }

    /** A customer's text, then the router's save: queued at {@code tier}, first response due at {@code due}. */
    static Desk openSms(ConversationStore store, String tier, Instant due) {
      String phone = Inbound.phone();
      Desk d = new Desk(store, phone, phone + ">+15550001111");
      d.id = await(store.ingest(Inbound.sms(phone, "SM" + java.util.UUID.randomUUID().toString().replace("-", ""))
          .build())).conversationId();
      d.save(c -> with(c, ConversationStatus.QUEUED, tier, null, c.lastAgent(), due, null));
      return d;
    }

    void assign(String agent) {
      save(c -> with(c, ConversationStatus.ASSIGNED, c.tier(), agent, agent, c.firstResponseDue(), c.nextResponseDue()));
    }

    void reply(String agent) {
      await(store.appendAgentMessage(id, Direction.OUT, agent, "On it", null));
      save(c -> with(c, c.status(), c.tier(), c.assignee(), c.lastAgent(), c.firstResponseDue(), null));
    }

    /** The customer writes again; the router sets the next response due at {@code due}. */
    void customerWrites(Instant due) {
      await(store.ingest(Inbound.reply(address, Inbound.messageId(), threadKey).build()));
      save(c -> with(c, c.status(), c.tier(), c.assignee(), c.lastAgent(), c.firstResponseDue(), due));
    }

    void resolve(String agent) {
      save(c -> with(c, ConversationStatus.RESOLVED, c.tier(), null, agent, null, null));
    }

    /** The customer writes to the resolved conversation by its ref; the router queues it, next response due. */
    void reopen(Instant due) {
      Conversation c = await(store.conversation(id)).orElseThrow();
      await(store.ingest(Inbound.email(address, Inbound.messageId()).conversationRef(c.ref()).build()));
      Conversation reopened = await(store.conversation(id)).orElseThrow();
      assertThat(reopened.status()).isEqualTo(ConversationStatus.QUEUED);
      save(x -> with(x, ConversationStatus.QUEUED, x.tier(), null, x.lastAgent(), null, due));
    }

    private void save(java.util.function.UnaryOperator<Conversation> change) {
      Conversation c = await(store.conversation(id)).orElseThrow();
      await(store.saveConversation(change.apply(c)));
    }

    private static Conversation with(Conversation c, ConversationStatus status, String tier, String assignee,
        String lastAgent, Instant firstDue, Instant nextDue) {
      return c.toBuilder().status(status).tier(tier).assignee(assignee).lastAgent(lastAgent)
          .firstResponseDue(firstDue).nextResponseDue(nextDue).build();
    }
  }
}
