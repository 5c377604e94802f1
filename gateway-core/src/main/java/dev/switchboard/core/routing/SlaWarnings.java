package dev.switchboard.core.routing;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.routing.RoutingDecision.SlaState;
import dev.switchboard.core.routing.RoutingDecision.SlaWarning;
import dev.switchboard.core.routing.Timers.SlaWarningDue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code routing.warnAt}: once per conversation, when one still owed its first response (waiting or
 * held) has used that share of its first-response window (queue time to due time, on the tier's SLA
 * clock), a {@link SlaWarning} for the supervisors. Armed with the SLA targets, so a promotion that
 * brings the due time forward brings the warning forward too.
 */
final class SlaWarnings {

  private final Timers timers;
  private final Effects effects;
  /** The warning time armed per conversation, so re-arming the same time is a no-op. */
  private final Map<ConversationId, Instant> armed = new HashMap<>();
  private final Set<ConversationId> warned = new HashSet<>();
  private RoutingPolicy policy;

  SlaWarnings(RoutingPolicy policy, Timers timers, Effects effects) {
    this.policy = policy;
    this.timers = timers;
    this.effects = effects;
  }

  void policy(RoutingPolicy next) {
    policy = next;
  }

  /**
   * Arms the warning of {@code c}. After a restart ({@code restoring}) a warning time already passed is
   * not armed again: the run that saw it pass sent it.
   */
  void arm(Conversation c, Instant now, boolean restoring) {
    if (policy.warnAt == null || c.firstRespondedAt() != null || c.firstResponseDue() == null
        || c.queuedAt() == null || warned.contains(c.id())) {
      return;
    }
    Instant at = warnAt(c);
    if (!at.isAfter(now)) {
      if (restoring) {
        return;
      }
      at = now;
    }
    if (!at.equals(armed.put(c.id(), at))) {
      timers.at(at, new SlaWarningDue(c.id()));
    }
  }

  /** The conversation closed. */
  void forget(ConversationId id) {
    armed.remove(id);
    warned.remove(id);
  }

  void due(SlaWarningDue t, Instant at, Instant now) {
    if (!armed.remove(t.conversation(), at)) {
      return; // re-armed for another time since
    }
    Conversation c = effects.open(t.conversation());
    if (c == null || c.firstRespondedAt() != null || c.firstResponseDue() == null || policy.warnAt == null) {
      return;
    }
    SlaState state = c.status() == ConversationStatus.ASSIGNED && c.assignee() != null ? SlaState.ASSIGNED
        : c.status() == ConversationStatus.QUEUED ? SlaState.WAITING : null;
    if (state == null || !warned.add(c.id())) {
      return;
    }
    effects.emit(new SlaWarning(c, c.tier(), state, c.assignee(), c.firstResponseDue(), percentUsed(c, now)));
  }

  private Instant warnAt(Conversation c) {
    Duration window = policy.tiers.elapsed(c.tier(), c.queuedAt(), c.firstResponseDue());
    long millis = (long) (window.toMillis() * policy.warnAt.fraction());
    return policy.tiers.after(c.tier(), c.queuedAt(), Duration.ofMillis(millis));
  }

  private int percentUsed(Conversation c, Instant now) {
    long window = policy.tiers.elapsed(c.tier(), c.queuedAt(), c.firstResponseDue()).toMillis();
    long used = policy.tiers.elapsed(c.tier(), c.queuedAt(), now).toMillis();
    return window <= 0 ? 100 : (int) Math.min(100, used * 100 / window);
  }
}
