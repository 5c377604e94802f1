package dev.switchboard.core.routing;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.routing.RoutingDecision.Assign;
import dev.switchboard.core.routing.RoutingDecision.AssignReason;
import dev.switchboard.core.routing.RoutingDecision.OfferRevoked;
import dev.switchboard.core.routing.RoutingDecision.Release;
import dev.switchboard.core.routing.RoutingDecision.ReleaseReason;
import dev.switchboard.core.routing.RoutingDecision.RevokeReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who holds what: the changes routing makes to it, once a command was allowed ({@link AgentCommands}) or a
 * timer or a restore asks: offers ended, conversations held, released, requeued, and a hold the store did
 * not save undone.
 */
final class Assignments {

  private final Effects effects;
  private final WaitingQueue queue;
  private final Seats seats;
  private final SlaClock sla;
  private final AnswerTimeouts answers;

  Assignments(Effects effects, WaitingQueue queue, Seats seats, SlaClock sla, AnswerTimeouts answers) {
    this.effects = effects;
    this.queue = queue;
    this.seats = seats;
    this.sla = sla;
    this.answers = answers;
  }

  /** {@code w}'s offer accepted by its agent, {@code s}: the conversation leaves the queue and is theirs. */
  Conversation accepted(Waiting w, AgentSeat s, Instant now) {
    queue.remove(w.id);
    seats.withdraw(s, w.id);
    Conversation held = hold(s, effects.open(w.id), AssignReason.ACCEPTED, now);
    answers.accepted(w, s.id(), now);
    return held;
  }

  /** A supervisor gives waiting {@code w} to {@code to}: its offer, if any, is withdrawn, and {@code to} holds it. */
  Conversation assigned(Waiting w, AgentSeat to, Instant now) {
    leaveQueue(w.id);
    Conversation held = hold(to, effects.open(w.id), AssignReason.ASSIGNED, now);
    answers.accepted(w, to.id(), now);
    return held;
  }

  /** A held conversation moves from its holder to {@code to}. */
  Conversation transfer(Conversation c, AgentSeat to, Instant now) {
    leaveQueue(c.id());
    release(c, ReleaseReason.TRANSFERRED, now);
    return hold(to, effects.open(c.id()), AssignReason.TRANSFERRED, now);
  }

  /**
   * A conversation the gateway opened (proactive outreach) goes straight to {@code agent}, at its tier or
   * the lowest, queued now unless it was before; false when the agent is unknown or has no room.
   */
  boolean direct(Conversation c, String agent, Tiers tiers, Instant now) {
    AgentSeat s = seats.get(agent);
    if (s == null || !s.hasRoom(c.channel())) {
      return false;
    }
    String tier = c.tier() == null ? tiers.lowest() : c.tier();
    hold(s, Edit.of(c).tier(tier).queuedAt(c.queuedAt() == null ? now : c.queuedAt()).at(now),
        AssignReason.DIRECT, now);
    return true;
  }

  /** A conversation held before a restart: its holder's again, with one grace period to come back. */
  void restoreHeld(AgentSeat s, Conversation c, Duration grace, Instant now) {
    effects.keep(c);
    seats.restoreHeld(s, c, now, grace);
    sla.armDue(c, now, true);
    answers.restored(c, now);
  }

  /** A conversation waiting (or half-way through a move) before a restart: queued again by its queue time. */
  void restoreWaiting(Conversation c, Tiers tiers, Instant now) {
    boolean waiting = c.status() == ConversationStatus.QUEUED && c.assignee() == null;
    Conversation q = waiting ? c : Edit.of(c).status(ConversationStatus.QUEUED).assignee(null).at(now);
    if (waiting) {
      effects.keep(q);
    } else {
      effects.save(q);
    }
    Waiting w = queue.add(q, null, tiers, now);
    sla.armEscalation(w, now, true);
    sla.armDue(q, now, true);
  }

  Conversation hold(AgentSeat s, Conversation c, AssignReason reason, Instant now) {
    Conversation a = effects.save(Edit.of(c).status(ConversationStatus.ASSIGNED).assignee(s.id()).lastAgent(s.id())
        .at(now));
    seats.hold(s, a);
    effects.emit(new Assign(s.id(), a, reason));
    sla.armDue(a, now);
    return a;
  }

  /**
   * The save that gave {@code unsaved} to its assignee failed, and the router still holds it so: the hold is
   * undone, so the router's state is again one the store can be brought to. The agent's seat is freed, the
   * conversation waits again (in the place it had when it was taken from the queue, else by its queue
   * time), and its waiting state is saved, so the store catches up with whatever it held before. The agent
   * never saw the assignment: its decision waited for the commit ({@link DecisionListener}). Returns the
   * conversation waiting again, or null when there is nothing to undo: not a hold, or changed since (a
   * later save writes the conversation whole, so the store catches up with that one).
   */
  Conversation undoHold(Conversation unsaved, Tiers tiers, Instant now) {
    Conversation open = effects.open(unsaved.id());
    if (!unsaved.equals(open) || unsaved.status() != ConversationStatus.ASSIGNED || unsaved.assignee() == null
        || queue.contains(unsaved.id())) {
      return null;
    }
    Waiting place = answers.place(unsaved.id());
    answers.end(unsaved.id());
    AgentSeat s = seats.get(unsaved.assignee());
    if (s != null) {
      seats.unhold(s, unsaved.id(), now);
    }
    Conversation q = effects.save(Edit.of(unsaved).status(ConversationStatus.QUEUED).assignee(null).at(now));
    Waiting w = place != null && place.tier.equals(q.tier()) ? queue.putBack(place, tiers, now)
        : queue.add(q, null, tiers, now);
    effects.emit(new RoutingDecision.Queue(q, w.tier, w.deadline));
    return q;
  }

  /**
   * The save that carried {@code dropped} failed, but the router keeps the assignment: the conversation
   * changed since (a later state is not the one that failed, so {@link #undoHold} left it) and its agent
   * still holds it. That agent was never told: {@code assigned} waits for the save it reports
   * ({@link DecisionListener}). So the conversation as held now is saved again, and the assignment sent again
   * with that save. Returns it, or null when the agent no longer holds it (nothing then to tell them).
   */
  Conversation resend(Assign dropped, Instant now) {
    Conversation open = effects.open(dropped.conversation().id());
    if (open == null || open.status() != ConversationStatus.ASSIGNED || !dropped.agent().equals(open.assignee())) {
      return null;
    }
    // A new version (its own update time): a failure of a save still in flight finds the state changed since.
    Conversation again = effects.save(Edit.of(open).at(now));
    effects.resend(new Assign(dropped.agent(), again, dropped.reason()));
    return again;
  }

  /** Ends the offer of {@code w}, which waits again in its place; {@code exclude}: its agent declined or let it lapse. */
  void revoke(Waiting w, RevokeReason reason, Instant now, boolean exclude) {
    if (w == null || w.offeredTo == null) {
      return;
    }
    String agent = w.offeredTo;
    AgentSeat s = seats.get(agent);
    if (s != null) {
      seats.withdraw(s, w.id);
    }
    if (exclude) {
      w.declinedBy.put(agent, now);
    }
    queue.offerEnded(w, now);
    effects.emit(new OfferRevoked(agent, w.id, reason));
  }

  void revokeAll(AgentSeat s, RevokeReason reason, Instant now) {
    for (ConversationId id : List.copyOf(s.offered())) {
      revoke(queue.get(id), reason, now, false);
    }
  }

  /** Resolved by {@code agent}: out of the queue, released from its holder, closed to routing. */
  Conversation close(String agent, Conversation c, Instant now) {
    leaveQueue(c.id());
    String holder = c.assignee();
    Conversation r = effects.save(Edit.of(c).status(ConversationStatus.RESOLVED).assignee(null)
        .lastAgent(holder != null ? holder : agent).firstResponseDue(null).nextResponseDue(null).at(now));
    effects.close(c.id());
    sla.forget(c.id());
    answers.end(c.id());
    AgentSeat s = holder == null ? null : seats.get(holder);
    if (s != null) {
      seats.unhold(s, c.id(), now);
      effects.emit(new Release(holder, r, ReleaseReason.RESOLVED));
    }
    return r;
  }

  /** Back in the queue at {@code tier}, for anyone but its last holder while anyone else can take it. */
  Conversation requeueAt(Conversation c, String tier, Tiers tiers, Instant now) {
    leaveQueue(c.id());
    release(c, ReleaseReason.TRANSFERRED, now);
    Conversation r = effects.open(c.id());
    Edit e = Edit.of(r).tier(tier);
    if (r.firstRespondedAt() == null) {
      e.firstResponseDue(tiers.firstResponseDue(tier, r.queuedAt()));
    }
    Conversation q = effects.save(e.at(now));
    Waiting w = queue.add(q, null, tiers, now);
    if (c.assignee() != null) {
      w.declinedBy.put(c.assignee(), now);
    }
    sla.armDue(q, now);
    effects.emit(new RoutingDecision.Queue(q, w.tier, w.deadline));
    return q;
  }

  /** Every conversation {@code s} holds goes back to the queue, with its original queue time. */
  void requeueAll(AgentSeat s, ReleaseReason reason, Tiers tiers, Instant now) {
    for (ConversationId id : List.copyOf(s.held())) {
      Conversation c = effects.open(id);
      release(c, reason, now);
      Conversation r = effects.open(id);
      if (r.queuedAt() == null) {
        r = effects.save(Edit.of(r).queuedAt(now).at(now));
      }
      Waiting w = queue.add(r, null, tiers, now);
      effects.emit(new RoutingDecision.Queue(r, w.tier, w.deadline));
    }
  }

  /**
   * An accepted conversation got no reply within the answer timeout: it goes back to the queue in the
   * place it had (its arrival, queue time, deadline and escalations), for anyone but that agent while
   * anyone else can take it; escalation steps that fell due while it was held apply now.
   */
  void unanswered(AnswerTimeouts.Pending p, Conversation c, Tiers tiers, Instant now) {
    release(c, ReleaseReason.ANSWER_TIMEOUT, now);
    Conversation r = effects.open(c.id());
    Waiting w;
    if (p.place() != null && p.place().tier.equals(r.tier())) {
      w = queue.putBack(p.place(), tiers, now);
    } else {
      w = queue.add(r, null, tiers, now);
    }
    w.declinedBy.put(p.agent(), now);
    sla.escalate(w, now, false);
    effects.emit(new RoutingDecision.Queue(effects.open(c.id()), w.tier, w.deadline));
  }

  private void release(Conversation c, ReleaseReason reason, Instant now) {
    answers.end(c.id());
    String holder = c.assignee();
    Conversation r = effects.save(Edit.of(c).status(ConversationStatus.QUEUED).assignee(null).at(now));
    AgentSeat s = holder == null ? null : seats.get(holder);
    if (s != null) {
      seats.unhold(s, c.id(), now);
      effects.emit(new Release(holder, r, reason));
    }
  }

  /** Takes a conversation out of the queue (a supervisor moving waiting work), withdrawing its offer. */
  void leaveQueue(ConversationId id) {
    Waiting w = queue.remove(id);
    if (w != null && w.offeredTo != null) {
      AgentSeat s = seats.get(w.offeredTo);
      if (s != null) {
        seats.withdraw(s, id);
      }
      effects.emit(new OfferRevoked(w.offeredTo, id, RevokeReason.WITHDRAWN));
    }
  }
}
