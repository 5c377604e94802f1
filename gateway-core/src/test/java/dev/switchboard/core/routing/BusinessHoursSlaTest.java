package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.only;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.BusinessHoursConfig;
import dev.switchboard.config.RoutingConfig.Strategy;
import dev.switchboard.config.TierConfig;
import dev.switchboard.config.WeeklySchedule;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.routing.RoutingDecision.SlaBreach;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tier's SLA clock on a business-hours schedule, on a clock moved by hand (Berlin is UTC+1 in March 2026). */
class BusinessHoursSlaTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private final Fixture f = new Fixture();

  private void office(LocalDate... holidays) {
    f.schedules = Map.of("office", new BusinessHoursConfig(BERLIN, WeeklySchedule.parse("mon-fri 08:00-18:00"),
        List.of(holidays)));
    f.tiers = List.of(
        new TierConfig("vip", Duration.ofMinutes(2), Duration.ofMinutes(5)),
        new TierConfig("standard", Duration.ofMinutes(15), Duration.ofHours(4), "office"),
        new TierConfig("basic", Duration.ofHours(4), Duration.ofHours(8)));
  }

  private void at(String berlinLocal) {
    f.clock.set(java.time.LocalDateTime.parse(berlinLocal).atZone(BERLIN).toInstant());
  }

  private static Instant berlin(String local) {
    return java.time.LocalDateTime.parse(local).atZone(BERLIN).toInstant();
  }

  @Test
  void dueTimesCountOpenHoursOnlyAndAHolidayIsClosedAllDay() {
    office(LocalDate.parse("2026-03-09"));
    RoutingCore core = f.core();
    at("2026-03-06T17:55:00"); // a Friday, 5 minutes before closing
    Conversation c = f.conversation(Channel.EMAIL);

    core.enqueue(c, tier("standard"), null, f.now());

    // 5 minutes on Friday, Monday the 9th is a holiday, 10 minutes on Tuesday
    assertThat(core.conversation(c.id()).firstResponseDue()).isEqualTo(berlin("2026-03-10T08:10:00"));
    assertThat(core.queue()).singleElement().satisfies(e ->
        assertThat(e.deadline()).isEqualTo(berlin("2026-03-10T08:10:00")));
  }

  @Test
  void aTierWithoutASchedulesCountsRoundTheClock() {
    office();
    RoutingCore core = f.core();
    at("2026-03-06T17:55:00");
    Conversation c = f.conversation(Channel.EMAIL);

    core.enqueue(c, tier("basic"), null, f.now());

    assertThat(core.conversation(c.id()).firstResponseDue()).isEqualTo(berlin("2026-03-06T21:55:00"));
  }

  @Test
  void earliestDeadlineOrdersByTheBusinessHoursDeadline() {
    office();
    f.strategy = Strategy.EARLIEST_DEADLINE;
    RoutingCore core = f.core();
    at("2026-03-06T17:55:00");
    Conversation standard = f.conversation(Channel.EMAIL); // due Monday 08:10 (wall clock: Friday 18:10)
    core.enqueue(standard, tier("standard"), null, f.now());
    f.advance(Duration.ofMinutes(5));
    Conversation basic = f.conversation(Channel.EMAIL);    // due Friday 22:00
    core.enqueue(basic, tier("basic"), null, f.now());

    assertThat(core.queue()).extracting(QueueView.Entry::conversationId).containsExactly(basic.id(), standard.id());
  }

  @Test
  void aBreachFiresAtTheBusinessHoursDueTimeNotTheWallClockOne() {
    office();
    RoutingCore core = f.core();
    at("2026-03-06T17:55:00");
    Conversation c = f.conversation(Channel.EMAIL);
    core.enqueue(c, tier("standard"), null, f.now());
    core.drainDecisions();

    at("2026-03-08T23:00:00"); // the whole weekend later, but only 5 open minutes
    core.tick(f.now());
    assertThat(only(SlaBreach.class, core.drainDecisions())).isEmpty();

    at("2026-03-09T08:10:00");
    core.tick(f.now());
    assertThat(only(SlaBreach.class, core.drainDecisions())).extracting(SlaBreach::due)
        .containsExactly(berlin("2026-03-09T08:10:00"));
  }

  @Test
  void theNextResponseTargetCountsOpenHoursToo() {
    office();
    RoutingCore core = f.core();
    at("2026-03-06T16:00:00");
    Conversation answered = Edit.of(f.conversation(Channel.EMAIL)).firstRespondedAt(f.now()).at(f.now());

    core.enqueue(answered, tier("standard"), null, f.now());

    // 2 hours on Friday, 2 on Monday morning
    assertThat(core.conversation(answered.id()).nextResponseDue()).isEqualTo(berlin("2026-03-09T10:00:00"));
  }
}
