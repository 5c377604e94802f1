package dev.switchboard.core.routing;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.routing.CommandResult.Refusal;
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
 * Who holds what: agents' commands on conversations (accept, decline, resolve, transfer) with their
 * refusals, and the changes they make: offers ended, conversations held, released, requeued.
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

  // ---- agents' commands: checked here, each refusal a value that changed nothing ----

  CommandResult accept(String agent, ConversationId id, Instant now) {
    Waiting w = queue.get(id);
    if (w == null || !agent.equals(w.offeredTo)) {
      return notOffered(id);
    }
    AgentSeat s = seats.get(agent);
    queue.remove(id);
    seats.withdraw(s, id);
    Conversation held = hold(s, effects.open(id), AssignReason.ACCEPTED, now);
    answers.accepted(w, agent, now);
    return new CommandResult.Done(held);
  }

  CommandResult decline(String agent, ConversationId id, Instant now) {
    Waiting w = queue.get(id);
    if (w == null || !agent.equals(w.offeredTo)) {
      return notOffered(id);
    }
    revoke(w, RevokeReason.DECLINED, now, true);
    return new CommandResult.Done(effects.open(id));
  }

  CommandResult resolve(String agent, ConversationId id, Instant now) {
    CommandResult refusal = checkWrite(agent, id, "resolve");
    return refusal != null ? refusal : new CommandResult.Done(close(agent, effects.open(id), now));
  }

  CommandResult transferToAgent(String agent, ConversationId id, String toAgent, Instant now) {
    CommandResult refusal = checkWrite(agent, id, "transfer");
    if (refusal != null) {
      return refusal;
    }
    Conversation c = effects.open(id);
    if (toAgent.equals(c.assignee())) {
      return CommandResult.refused(Refusal.BAD_REQUEST, "conversation " + id + " is already with " + toAgent);
    }
    refusal = refuseTarget(toAgent, c, false);
    if (refusal != null) {
      return refusal;
    }
    leaveQueue(id);
    release(c, ReleaseReason.TRANSFERRED, now);
    return new CommandResult.Done(hold(seats.get(toAgent), effects.open(id), AssignReason.TRANSFERRED, now));
  }

  /**
   * A supervisor gives a waiting conversation to an agent who is connected (available or away) and has room
   * on its channel (an offer of it to that agent counts as room); tiers and skills are the supervisor's
   * call. Its offer, if any, is withdrawn; the agent holds it as if they had accepted it.
   */
  CommandResult assignWaiting(String supervisor, ConversationId id, String toAgent, Instant now) {
    AgentSeat by = seats.get(supervisor);
    if (by == null || !by.supervisor()) {
      return CommandResult.refused(Refusal.FORBIDDEN, "only a supervisor may assign conversations");
    }
    Waiting w = queue.get(id);
    if (w == null) {
      return CommandResult.refused(Refusal.NOT_WAITING, "conversation " + id + " is not waiting in the queue");
    }
    CommandResult refusal = refuseTarget(toAgent, effects.open(id), toAgent.equals(w.offeredTo));
    if (refusal != null) {
      return refusal;
    }
    leaveQueue(id);
    AgentSeat to = seats.get(toAgent);
    Conversation held = hold(to, effects.open(id), AssignReason.ASSIGNED, now);
    answers.accepted(w, toAgent, now);
    return new CommandResult.Done(held);
  }

  /** Why {@code toAgent} cannot take {@code c} now, or null; {@code offeredToThem}: their offer of it holds its room. */
  private CommandResult refuseTarget(String toAgent, Conversation c, boolean offeredToThem) {
    AgentSeat to = seats.get(toAgent);
    if (to == null) {
      return CommandResult.refused(Refusal.UNKNOWN_AGENT, "no agent " + toAgent);
    }
    if (!to.connected()) {
      return CommandResult.refused(Refusal.AGENT_UNAVAILABLE, toAgent + " is not connected");
    }
    if (!offeredToThem && !to.hasRoom(c.channel())) {
      return CommandResult.refused(Refusal.AGENT_AT_CAPACITY, toAgent + " has no room for " + c.channel().key());
    }
    return null;
  }

  CommandResult transferToTier(String agent, ConversationId id, String tier, Tiers tiers, Instant now) {
    CommandResult refusal = checkWrite(agent, id, "transfer");
    if (refusal != null) {
      return refusal;
    }
    if (!tiers.contains(tier)) {
      return CommandResult.refused(Refusal.UNKNOWN_TIER, "no tier " + tier);
    }
    return new CommandResult.Done(requeueAt(effects.open(id), tier, tiers, now));
  }

  /** Whether {@code agent} may write to the conversation: its assignee, or any supervisor. */
  boolean mayWrite(String agent, ConversationId id) {
    Conversation c = effects.open(id);
    AgentSeat s = seats.get(agent);
    if (s == null) {
      return false;
    }
    return s.supervisor() || (c != null && agent.equals(c.assignee()));
  }

  /**
   * Refuses a write to a conversation the agent may not write to. An agent who is neither its assignee
   * nor a supervisor gets the same answer whether the id is open, closed or unknown, so no answer tells
   * an agent which ids are open.
   */
  private CommandResult checkWrite(String agent, ConversationId id, String verb) {
    if (!mayWrite(agent, id)) {
      return CommandResult.refused(Refusal.FORBIDDEN, "only the assignee or a supervisor may " + verb + " " + id);
    }
    if (!effects.isOpen(id)) {
      return CommandResult.refused(Refusal.NOT_FOUND, "no open conversation " + id);
    }
    return null;
  }

  private static CommandResult notOffered(ConversationId id) {
    return CommandResult.refused(Refusal.NOT_OFFERED, "conversation " + id + " is not offered to you");
  }

  // ---- changes ----

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

  private Conversation close(String agent, Conversation c, Instant now) {
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
  private Conversation requeueAt(Conversation c, String tier, Tiers tiers, Instant now) {
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
