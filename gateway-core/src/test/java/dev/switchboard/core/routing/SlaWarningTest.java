package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.Fixture.only;
import static dev.switchboard.core.routing.Fixture.tier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.BusinessHoursConfig;
import dev.switchboard.config.EscalationConfig;
import dev.switchboard.config.Percent;
import dev.switchboard.config.TierConfig;
import dev.switchboard.config.WeeklySchedule;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.routing.RoutingDecision.SlaState;
import dev.switchboard.core.routing.RoutingDecision.SlaWarning;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code routing.warnAt}, on a clock moved by hand. */
class SlaWarningTest {

  private final Fixture f = new Fixture();

  private List<SlaWarning> tickAfter(RoutingCore core, Duration d) {
    f.advance(d);
    core.tick(f.now());
    return only(SlaWarning.class, core.drainDecisions());
  }

  @Test
  void aWaitingConversationIsWarnedOnceWhenItPassesTheShareOfItsTarget() {
    f.warnAt = Percent.parse("80%");
    RoutingCore core = f.core();
    Conversation c = f.conversation(Channel.EMAIL);
    core.enqueue(c, tier("standard"), null, f.now()); // 15m target: warned at 12m
    core.drainDecisions();

    assertThat(tickAfter(core, Duration.ofMinutes(12).minusSeconds(1))).isEmpty();
    List<SlaWarning> warnings = tickAfter(core, Duration.ofSeconds(1));

    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.conversation().id()).isEqualTo(c.id());
      assertThat(w.tier()).isEqualTo("standard");
      assertThat(w.state()).isEqualTo(SlaState.WAITING);
      assertThat(w.assignee()).isNull();
      assertThat(w.dueAt()).isEqualTo(c.queuedAt().plus(Duration.ofMinutes(15)));
      assertThat(w.percent()).isEqualTo(80);
    });
    assertThat(tickAfter(core, Duration.ofMinutes(2))).isEmpty();
    assertThat(tickAfter(core, Duration.ofHours(1))).isEmpty();
  }

  @Test
  void aHeldConversationNotYetAnsweredIsWarnedWithItsAssignee() {
    f.warnAt = Percent.parse("50%");
    f.agent("alice");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier("standard"), null, f.now());
    f.advance(Duration.ofMinutes(1));
    core.accept("alice", c.id(), f.now());
    core.drainDecisions();

    List<SlaWarning> warnings = tickAfter(core, Duration.ofMinutes(6).plusSeconds(30));

    assertThat(warnings).extracting(SlaWarning::state, SlaWarning::assignee, SlaWarning::percent)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SlaState.ASSIGNED, "alice", 50));
  }

  @Test
  void anAnsweredConversationIsNotWarned() {
    f.warnAt = Percent.parse("80%");
    f.agent("alice");
    RoutingCore core = f.connectedCore();
    Conversation c = f.conversation(Channel.CHAT);
    core.enqueue(c, tier("standard"), null, f.now());
    core.accept("alice", c.id(), f.now());
    f.advance(Duration.ofMinutes(5));
    core.messageAdded(c, new Message(MessageId.random(), c.id(), Direction.OUT, "alice", "hi", null, List.of(),
        null, DeliveryStatus.PENDING, null, f.now()), f.now());
    core.drainDecisions();

    assertThat(tickAfter(core, Duration.ofHours(1))).isEmpty();
  }

  @Test
  void aPromotionBringsTheWarningForward() {
    f.warnAt = Percent.parse("80%");
    f.escalation = List.of(new EscalationConfig(Percent.parse("10%"), 1, false));
    RoutingCore core = f.core();
    Conversation c = f.conversation(Channel.EMAIL);
    core.enqueue(c, tier("basic"), null, f.now()); // 4h target; at 24m promoted to standard (due at 15m: past)
    core.drainDecisions();

    assertThat(tickAfter(core, Duration.ofMinutes(24))).isEmpty();
    List<SlaWarning> warnings = tickAfter(core, Duration.ofMillis(200)); // a warning already due goes at the next tick

    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.tier()).isEqualTo("standard");
      assertThat(w.dueAt()).isEqualTo(c.queuedAt().plus(Duration.ofMinutes(15)));
      assertThat(w.percent()).isEqualTo(100);
    });
  }

  @Test
  void theWarningCountsOpenHoursOnTheTiersSchedule() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    f.warnAt = Percent.parse("80%");
    f.schedules = Map.of("office", new BusinessHoursConfig(berlin, WeeklySchedule.parse("mon-fri 08:00-18:00")));
    f.tiers = List.of(new TierConfig("standard", Duration.ofMinutes(15), Duration.ofHours(1), "office"));
    RoutingCore core = f.core();
    f.clock.set(LocalDateTime.parse("2026-03-06T17:55:00").atZone(berlin).toInstant()); // Friday
    Conversation c = f.conversation(Channel.EMAIL);
    core.enqueue(c, tier("standard"), null, f.now()); // 12 open minutes: Monday 08:07
    core.drainDecisions();

    f.clock.set(LocalDateTime.parse("2026-03-09T08:06:59").atZone(berlin).toInstant());
    core.tick(f.now());
    assertThat(only(SlaWarning.class, core.drainDecisions())).isEmpty();
    List<SlaWarning> warnings = tickAfter(core, Duration.ofSeconds(1));

    assertThat(warnings).extracting(SlaWarning::percent).containsExactly(80);
  }

  @Test
  void afterARestartAWarningAlreadyDueIsNotSentAgainButALaterOneIs() {
    f.warnAt = Percent.parse("80%");
    Conversation late = queuedBefore(Duration.ofMinutes(13));  // warned at 12m by the run before
    Conversation early = queuedBefore(Duration.ofMinutes(2));  // to be warned at 12m
    RoutingCore core = f.core();
    core.restore(List.of(late, early), f.now());
    core.drainDecisions();

    List<SlaWarning> warnings = tickAfter(core, Duration.ofMinutes(10));

    assertThat(warnings).extracting(w -> w.conversation().id()).containsExactly(early.id());
  }

  @Test
  void offByDefault() {
    RoutingCore core = f.core();
    core.enqueue(f.conversation(Channel.EMAIL), tier("vip"), null, f.now());
    core.drainDecisions();

    assertThat(tickAfter(core, Duration.ofDays(1))).isEmpty();
  }

  @Test
  void warningsAreCountedPerTierAndState() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Conversation c = f.conversation(Channel.EMAIL);

    new RoutingMetrics(meters).record(List.of(new SlaWarning(c, "vip", SlaState.WAITING, null, f.now(), 80)), f.now());

    assertThat(meters.counter("switchboard.routing.sla.warnings", "tier", "vip", "state", "waiting").count())
        .isEqualTo(1.0);
  }

  private Conversation queuedBefore(Duration ago) {
    java.time.Instant queuedAt = f.now().minus(ago);
    return Edit.of(f.conversation(Channel.EMAIL)).status(ConversationStatus.QUEUED).tier("standard")
        .queuedAt(queuedAt).firstResponseDue(queuedAt.plus(Duration.ofMinutes(15))).at(queuedAt);
  }
}
