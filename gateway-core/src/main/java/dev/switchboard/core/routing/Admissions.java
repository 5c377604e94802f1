package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How conversations enter and leave routing, apart from agents' work on them: a classified conversation
 * queued with its tier, deadlines and timers; the open conversations rebuilt after a restart; one an
 * incident withdraws; the router's copies following a merge of contacts. The offers that may follow are
 * {@link RoutingCore}'s to make.
 */
final class Admissions {

  private final Effects effects;
  private final WaitingQueue queue;
  private final Seats seats;
  private final SlaClock sla;
  private final AnswerTimeouts answers;
  private final Assignments assignments;

  Admissions(Effects effects, WaitingQueue queue, Seats seats, SlaClock sla, AnswerTimeouts answers,
      Assignments assignments) {
    this.effects = requireNonNull(effects, "effects");
    this.queue = requireNonNull(queue, "queue");
    this.seats = requireNonNull(seats, "seats");
    this.sla = requireNonNull(sla, "sla");
    this.answers = requireNonNull(answers, "answers");
    this.assignments = requireNonNull(assignments, "assignments");
  }

  /**
   * Queues a classified conversation: tier, skills and deadlines set, escalation and SLA timers armed.
   * {@code sticky} is the contact's recent agent, or null. False when it is routed already (a repeated event).
   */
  boolean enqueue(Conversation c, Classification cls, String sticky, RoutingPolicy policy, Instant now) {
    if (effects.isOpen(c.id()) && c.status() != ConversationStatus.RESOLVED
        && (queue.contains(c.id()) || c.assignee() != null)) {
      return false;
    }
    Instant queuedAt = c.queuedAt() == null ? now : c.queuedAt();
    Edit e = Edit.of(c).status(ConversationStatus.QUEUED).tier(cls.tier()).skills(cls.skills())
        .assignee(null).queuedAt(queuedAt);
    if (c.firstRespondedAt() == null) {
      e.firstResponseDue(policy.tiers.firstResponseDue(cls.tier(), queuedAt));
    } else {
      e.nextResponseDue(policy.tiers.nextResponseDue(cls.tier(), queuedAt));
    }
    Conversation q = effects.save(e.at(now));
    Waiting w = queue.add(q, sticky, policy.tiers, now);
    sla.armEscalation(w, now, false);
    sla.armDue(q, now);
    effects.emit(new RoutingDecision.Queue(q, w.tier, w.deadline));
    return true;
  }

  /**
   * Rebuilds the state after a restart from the store's open conversations: held ones their holder's again
   * (with a grace to come back), classified ones waiting by their queue time; returns those never classified.
   */
  List<Conversation> restore(Collection<Conversation> conversations, RoutingPolicy policy, Instant now) {
    List<Conversation> unclassified = new ArrayList<>();
    for (Conversation c : conversations) {
      if (effects.isOpen(c.id())) {
        continue; // an event brought it in while the store was being read
      }
      AgentSeat holder = c.assignee() == null ? null : seats.get(c.assignee());
      if (c.status() == ConversationStatus.ASSIGNED && holder != null) {
        assignments.restoreHeld(holder, c, policy.disconnectGrace, now);
      } else if (c.status().isOpen() && c.tier() != null && policy.tiers.contains(c.tier())) {
        assignments.restoreWaiting(c, policy.tiers, now);
      } else if (c.status().isOpen()) {
        unclassified.add(c);
      }
    }
    return unclassified;
  }

  /**
   * Takes a waiting conversation out of routing altogether (an incident holds it): its offer withdrawn,
   * its SLA timers stopped, the router's copy dropped; false when it is not waiting.
   */
  boolean withdraw(ConversationId id) {
    if (!queue.contains(id)) {
      return false;
    }
    assignments.leaveQueue(id);
    effects.close(id);
    sla.forget(id);
    answers.end(id);
    return true;
  }

  /**
   * A merge or an unmerge moved conversations between contacts: the router's copy of each open one of
   * {@code history} (one contact's conversations, as stored now) takes that contact, and a waiting one
   * the contact's recent agent ({@code sticky}, when there is one) as its sticky agent.
   */
  void contactChanged(List<Conversation> history, String sticky) {
    for (Conversation stored : history) {
      Conversation open = effects.open(stored.id());
      if (open == null) {
        continue;
      }
      if (!open.contactId().equals(stored.contactId())) {
        effects.keep(open.withContactId(stored.contactId())); // the store has it already: nothing to save
      }
      Waiting w = queue.get(stored.id());
      if (w != null && sticky != null) {
        w.sticky = sticky; // read at each choice, not part of the queue key: no refiling needed
      }
    }
  }
}
