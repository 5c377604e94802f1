package dev.switchboard.core.routing;

import dev.switchboard.config.EscalationConfig;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.routing.RoutingDecision.Escalate;
import dev.switchboard.core.routing.RoutingDecision.FirstResponse;
import dev.switchboard.core.routing.RoutingDecision.SlaBreach;
import dev.switchboard.core.routing.RoutingDecision.SlaKind;
import dev.switchboard.core.routing.Timers.Escalation;
import dev.switchboard.core.routing.Timers.ResponseDue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SLA and escalation timers: response targets armed once per due time and reported as breaches,
 * escalation steps (promote a tier, widen the eligible agents) applied at their fraction of the target;
 * the {@link SlaWarnings} are armed with the targets.
 */
final class SlaClock {

  private final Timers timers;
  private final Effects effects;
  private final WaitingQueue queue;
  private final SlaWarnings warnings;
  /** The SLA timer armed per conversation and kind, so re-arming the same due time is a no-op. */
  private final Map<ResponseDue, Instant> armed = new HashMap<>();
  private RoutingPolicy policy;

  SlaClock(RoutingPolicy policy, Timers timers, Effects effects, WaitingQueue queue, SlaWarnings warnings) {
    this.policy = policy;
    this.timers = timers;
    this.effects = effects;
    this.queue = queue;
    this.warnings = warnings;
  }

  void policy(RoutingPolicy next) {
    policy = next;
    warnings.policy(next);
  }

  /**
   * Arms the response targets of {@code c}. After a restart ({@code restoring}) a due time already passed
   * is not armed again: its breach was reported by the run that saw it pass.
   */
  void armDue(Conversation c, Instant now, boolean restoring) {
    if (c.firstRespondedAt() == null && c.firstResponseDue() != null) {
      arm(c.firstResponseDue(), new ResponseDue(SlaKind.FIRST_RESPONSE, c.id()), now, restoring);
    }
    if (c.nextResponseDue() != null) {
      arm(c.nextResponseDue(), new ResponseDue(SlaKind.NEXT_RESPONSE, c.id()), now, restoring);
    }
    warnings.arm(c, now, restoring);
  }

  void armDue(Conversation c, Instant now) {
    armDue(c, now, false);
  }

  /**
   * Keeps the due times of an open conversation in step with a message: an agent's reply is a response
   * (the auto-reply, by {@link RoutingCore#SYSTEM_AUTHOR}, is not), a customer's message to a held and
   * answered conversation sets the next-response target. Returns whether {@code m} was an agent's reply.
   */
  boolean messageAdded(Conversation fromEvent, Message m, Instant now) {
    Conversation c = effects.open(m.conversationId());
    if (c == null) {
      return false;
    }
    if (m.direction() == Direction.OUT && !RoutingCore.SYSTEM_AUTHOR.equals(m.author())) {
      Instant respondedAt = c.firstRespondedAt() != null ? c.firstRespondedAt()
          : fromEvent.firstRespondedAt() != null ? fromEvent.firstRespondedAt() : m.createdAt();
      Conversation u = Edit.of(c).firstRespondedAt(respondedAt).nextResponseDue(null).at(now);
      if (c.firstRespondedAt() == null && c.queuedAt() != null && c.tier() != null) {
        effects.emit(new FirstResponse(u, c.tier(), policy.tiers.elapsed(c.tier(), c.queuedAt(), respondedAt),
            policy.tiers.firstResponse(c.tier())));
      }
      if (c.nextResponseDue() != null) {
        effects.save(u);
      } else {
        effects.keep(u);
      }
      return true;
    }
    if (m.direction() == Direction.IN && c.status() == ConversationStatus.ASSIGNED
        && c.firstRespondedAt() != null && c.nextResponseDue() == null) {
      armDue(effects.save(Edit.of(c)
          .nextResponseDue(policy.tiers.nextResponseDue(c.tier(), m.createdAt())).at(now)), now);
    }
    return false;
  }

  /** The conversation closed: its armed targets are forgotten (their timers find nothing to report). */
  void forget(ConversationId id) {
    armed.remove(new ResponseDue(SlaKind.FIRST_RESPONSE, id));
    armed.remove(new ResponseDue(SlaKind.NEXT_RESPONSE, id));
    warnings.forget(id);
  }

  void due(ResponseDue t, Instant at) {
    armed.remove(t, at);
    Conversation c = effects.open(t.conversation());
    if (c == null) {
      return;
    }
    boolean missed = switch (t.kind()) {
      case FIRST_RESPONSE -> c.firstRespondedAt() == null && at.equals(c.firstResponseDue());
      case NEXT_RESPONSE -> at.equals(c.nextResponseDue());
    };
    if (missed) {
      effects.emit(new SlaBreach(c, c.tier(), t.kind(), at));
    }
  }

  /** Arms the escalation steps of {@code w}; after a restart, steps already due widen again but never promote again. */
  void armEscalation(Waiting w, Instant now, boolean restoring) {
    for (EscalationConfig step : policy.escalation) {
      Instant at = stepTime(w, step);
      if (restoring && !at.isAfter(now)) {
        continue; // applied (or missed) before the restart: promoting again would promote twice
      }
      timers.at(at, new Escalation(w.id));
    }
    if (restoring) {
      escalate(w, now, true);
    }
  }

  /** Applies every escalation step due by now that this conversation has not had yet. */
  void escalate(Waiting w, Instant now, boolean widenOnly) {
    List<EscalationConfig> steps = policy.escalation;
    while (w.escalations < steps.size() && !stepTime(w, steps.get(w.escalations)).isAfter(now)) {
      EscalationConfig step = steps.get(w.escalations++);
      String from = w.tier;
      boolean widen = step.widen() && !w.widened;
      String to = widenOnly || step.promote() <= 0 ? from : policy.tiers.promote(from, step.promote());
      if (!widen && to.equals(from)) {
        continue;
      }
      if (widen) {
        queue.change(w, x -> x.widened = true, now);
      }
      if (!to.equals(from)) {
        promote(w, to, now);
      }
      effects.emit(new Escalate(effects.open(w.id), from, w.tier, w.widened));
    }
  }

  private void promote(Waiting w, String to, Instant now) {
    Instant due = policy.tiers.firstResponseDue(to, w.queuedAt);
    queue.change(w, x -> {
      x.tier = to;
      x.rank = policy.tiers.rank(to);
      if (due.isBefore(x.deadline)) {
        x.deadline = due;
      }
    }, now);
    Conversation c = effects.open(w.id);
    Edit e = Edit.of(c).tier(to);
    if (c.firstRespondedAt() == null && (c.firstResponseDue() == null || due.isBefore(c.firstResponseDue()))) {
      e.firstResponseDue(due);
    }
    armDue(effects.save(e.at(now)), now);
  }

  private Instant stepTime(Waiting w, EscalationConfig step) {
    long millis = (long) (w.escalationBase.toMillis() * step.at().fraction());
    return policy.tiers.after(w.tier, w.queuedAt, Duration.ofMillis(millis));
  }

  private void arm(Instant at, ResponseDue key, Instant now, boolean restoring) {
    if (restoring && !at.isAfter(now)) {
      return;
    }
    if (!at.equals(armed.put(key, at))) {
      timers.at(at, key);
    }
  }
}
