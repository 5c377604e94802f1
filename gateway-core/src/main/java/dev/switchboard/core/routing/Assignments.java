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
import java.time.Instant;
import java.util.List;

/** Who holds what: offers ended, conversations held, released, requeued, transferred and resolved. */
final class Assignments {

  private final Effects effects;
  private final WaitingQueue queue;
  private final Seats seats;
  private final SlaClock sla;

  Assignments(Effects effects, WaitingQueue queue, Seats seats, SlaClock sla) {
    this.effects = effects;
    this.queue = queue;
    this.seats = seats;
    this.sla = sla;
  }

  Conversation hold(AgentSeat s, Conversation c, AssignReason reason, Instant now) {
    Conversation a = effects.save(Edit.of(c).status(ConversationStatus.ASSIGNED).assignee(s.id()).lastAgent(s.id())
        .at(now));
    seats.hold(s, a);
    effects.emit(new Assign(s.id(), a, reason));
    sla.armDue(a, now);
    return a;
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

  Conversation resolve(String agent, Conversation c, Instant now) {
    leaveQueue(c.id());
    String holder = c.assignee();
    Conversation r = effects.save(Edit.of(c).status(ConversationStatus.RESOLVED).assignee(null)
        .lastAgent(holder != null ? holder : agent).firstResponseDue(null).nextResponseDue(null).at(now));
    effects.close(c.id());
    sla.forget(c.id());
    AgentSeat s = holder == null ? null : seats.get(holder);
    if (s != null) {
      seats.unhold(s, c.id(), now);
      effects.emit(new Release(holder, r, ReleaseReason.RESOLVED));
    }
    return r;
  }

  Conversation transferTo(AgentSeat to, Conversation c, Instant now) {
    leaveQueue(c.id());
    release(c, ReleaseReason.TRANSFERRED, now);
    return hold(to, effects.open(c.id()), AssignReason.TRANSFERRED, now);
  }

  /** Back in the queue at {@code tier}, for anyone but its last holder while anyone else can take it. */
  Conversation requeueAt(Conversation c, String tier, Tiers tiers, Instant now) {
    leaveQueue(c.id());
    release(c, ReleaseReason.TRANSFERRED, now);
    Conversation r = effects.open(c.id());
    Edit e = Edit.of(r).tier(tier);
    if (r.firstRespondedAt() == null) {
      e.firstResponseDue(r.queuedAt().plus(tiers.firstResponse(tier)));
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

  private void release(Conversation c, ReleaseReason reason, Instant now) {
    String holder = c.assignee();
    Conversation r = effects.save(Edit.of(c).status(ConversationStatus.QUEUED).assignee(null).at(now));
    AgentSeat s = holder == null ? null : seats.get(holder);
    if (s != null) {
      seats.unhold(s, c.id(), now);
      effects.emit(new Release(holder, r, reason));
    }
  }

  /** Takes a conversation out of the queue (a supervisor moving waiting work), withdrawing its offer. */
  private void leaveQueue(ConversationId id) {
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
