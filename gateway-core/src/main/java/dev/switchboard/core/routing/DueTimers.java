package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.routing.RoutingDecision.RevokeReason;
import java.time.Instant;

/**
 * What each timer does when it falls due ({@link Timers} holds them as data): an offer lapses, a disconnected
 * agent's grace ends, an escalation step applies, an SLA target or its warning passes, an accepted
 * conversation goes unanswered, a waiting one is filed again. A timer whose reason has gone since it was
 * armed (the offer was accepted, the agent came back) finds nothing to do.
 */
final class DueTimers {

  private final Timers timers;
  private final WaitingQueue queue;
  private final Effects effects;
  private final Assignments assignments;
  private final Attendance attendance;
  private final SlaClock sla;
  private final SlaWarnings warnings;
  private final AnswerTimeouts answers;

  DueTimers(Timers timers, WaitingQueue queue, Effects effects, Assignments assignments, Attendance attendance,
      SlaClock sla, SlaWarnings warnings, AnswerTimeouts answers) {
    this.timers = requireNonNull(timers, "timers");
    this.queue = requireNonNull(queue, "queue");
    this.effects = requireNonNull(effects, "effects");
    this.assignments = requireNonNull(assignments, "assignments");
    this.attendance = requireNonNull(attendance, "attendance");
    this.sla = requireNonNull(sla, "sla");
    this.warnings = requireNonNull(warnings, "warnings");
    this.answers = requireNonNull(answers, "answers");
  }

  /** Runs every timer due by {@code now}, in the order they fall due, under {@code policy}. */
  void run(Instant now, RoutingPolicy policy) {
    for (Timers.Armed a : timers.due(now)) {
      fire(a, now, policy);
    }
  }

  private void fire(Timers.Armed a, Instant now, RoutingPolicy policy) {
    Timers.Timer timer = a.timer();
    if (timer instanceof Timers.OfferExpiry t) {
      Waiting w = queue.get(t.conversation());
      if (w != null && t.agent().equals(w.offeredTo) && a.at().equals(w.offerExpires)) {
        assignments.revoke(w, RevokeReason.EXPIRED, now, true);
      }
    } else if (timer instanceof Timers.DisconnectGrace t) {
      attendance.graceOver(t.agent(), now, policy);
    } else if (timer instanceof Timers.Escalation t) {
      Waiting w = queue.get(t.conversation());
      if (w != null) {
        sla.escalate(w, now, false);
      }
    } else if (timer instanceof Timers.ResponseDue t) {
      sla.due(t, a.at());
    } else if (timer instanceof Timers.SlaWarningDue t) {
      warnings.due(t, a.at(), now);
    } else if (timer instanceof Timers.AnswerDue t) {
      answers.expired(t, a.at())
          .ifPresent(p -> assignments.unanswered(p, effects.open(t.conversation()), policy.tiers, now));
    } else if (timer instanceof Timers.Refile t) {
      queue.refile(t.conversation(), now);
    }
  }
}
