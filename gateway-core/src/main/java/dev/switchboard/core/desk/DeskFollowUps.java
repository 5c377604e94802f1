package dev.switchboard.core.desk;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.followup.FollowUpMetrics;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.store.FollowUps;
import java.time.Duration;
import java.time.Instant;

/**
 * The desk's follow-up frames: {@code follow_up} schedules one (the assignee or a supervisor, due in the
 * future and at most {@link #MAX_AHEAD} ahead), {@code cancel_follow_up} cancels one (its author or a
 * supervisor), {@code follow_ups} lists the agent's scheduled ones. Every change reaches the author's desks
 * as {@code follow_up_updated}, through the bus, like the scheduler's sends and drops.
 */
final class DeskFollowUps {

  /** How far ahead a follow-up may be scheduled. */
  static final Duration MAX_AHEAD = Duration.ofDays(90);

  private final AgentDesk desk;
  private final FollowUps followUps;
  private final FollowUpMetrics metrics;

  DeskFollowUps(AgentDesk desk, FollowUpMetrics metrics) {
    this.desk = requireNonNull(desk, "desk");
    this.followUps = desk.store.followUps();
    this.metrics = requireNonNull(metrics, "metrics");
  }

  void schedule(String agent, DeskFrame.ScheduleFollowUp f, DeskOut answer) {
    Instant now = desk.clock.instant();
    if (!f.at().isAfter(now)) {
      answer.error("bad_time", "`at` " + f.at() + " is not in the future");
      return;
    }
    if (f.at().isAfter(now.plus(MAX_AHEAD))) {
      answer.error("bad_time", "`at` " + f.at() + " is more than " + MAX_AHEAD.toDays() + " days ahead");
      return;
    }
    desk.router.mayWrite(agent, f.conversationId()).thenAccept(allowed -> {
      if (!allowed) {
        answer.error("forbidden", "only the assignee or a supervisor may schedule a follow-up in " + f.conversationId());
        return;
      }
      FollowUp made = FollowUp.schedule(f.conversationId(), agent, f.clientId(), f.text(), f.at(), now);
      followUps.schedule(made)
          .whenComplete((stored, err) -> {
            if (err != null) {
              answer.error("internal", "the follow-up could not be stored; send it again with the same clientId");
            } else {
              if (stored.id().equals(made.id())) {
                metrics.count(FollowUp.Status.SCHEDULED); // a resend of the same clientId made none
              }
              desk.events.publish(new GatewayEvent.FollowUpChanged(stored));
            }
          });
    });
  }

  void cancel(String agent, DeskFrame.CancelFollowUp c, DeskOut answer) {
    followUps.find(c.followUpId()).thenAccept(found -> {
      if (found.isEmpty()) {
        answer.error("not_found", "no follow-up " + c.followUpId());
      } else if (!found.get().author().equals(agent) && !supervisor(agent)) {
        answer.error("forbidden", "only its author or a supervisor may cancel follow-up " + c.followUpId());
      } else if (!found.get().scheduled()) {
        answer.error("conflict", "follow-up " + c.followUpId() + " is " + found.get().status().key() + " already");
      } else {
        followUps.cancel(c.followUpId()).whenComplete((after, err) -> {
          if (err != null) {
            answer.error("internal", "the follow-up could not be cancelled; try again");
          } else if (after.isPresent() && after.get().status() == FollowUp.Status.CANCELLED) {
            metrics.count(FollowUp.Status.CANCELLED);
            desk.events.publish(new GatewayEvent.FollowUpChanged(after.get()));
          } else {
            after.ifPresent(a -> answer.error("conflict", "follow-up " + a.id() + " is " + a.status().key() + " already"));
          }
        });
      }
    });
  }

  void list(String agent, DeskOut answer) {
    followUps.scheduledBy(agent).whenComplete((list, err) -> {
      if (err != null) {
        answer.error("internal", "the follow-ups could not be read; try again");
      } else {
        answer.frame(Frames.followUps(list));
      }
    });
  }

  private boolean supervisor(String agent) {
    return desk.agent(agent).map(AgentConfig::supervisor).map(Boolean.TRUE::equals).orElse(false);
  }
}
