package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.routing.CommandResult.Refusal;
import dev.switchboard.core.routing.RoutingDecision.AgentPresence;
import dev.switchboard.core.routing.RoutingDecision.ReleaseReason;
import dev.switchboard.core.routing.RoutingDecision.RevokeReason;
import java.time.Duration;
import java.time.Instant;

/**
 * Agents' attendance at their desks and what it does to their work: a sign-in or a change of presence is
 * told to the team ({@link AgentPresence}); going away or disconnecting takes back their open offers; a
 * disconnect keeps their held work for one grace period, after which it is requeued; an agent removed by a
 * reload loses both. Which offers to make next is the matching's, run by {@link RoutingCore} after each.
 */
final class Attendance {

  private final Seats seats;
  private final Effects effects;
  private final Assignments assignments;

  Attendance(Seats seats, Effects effects, Assignments assignments) {
    this.seats = requireNonNull(seats, "seats");
    this.effects = requireNonNull(effects, "effects");
    this.assignments = requireNonNull(assignments, "assignments");
  }

  /** Whether {@code agent} can be offered work now: signed in and available (false for an unknown agent). */
  boolean available(String agent) {
    AgentSeat s = seats.get(agent);
    return s != null && s.available();
  }

  /** A desk of the agent signed in; false for an unknown agent (nothing changed). */
  boolean connected(String agent, Instant now) {
    AgentSeat s = seats.get(agent);
    if (s == null) {
      return false;
    }
    seats.connect(s, now);
    effects.emit(new AgentPresence(agent, true, s.presence()));
    return true;
  }

  /** The agent's last desk closed: offers go back, held work waits one grace period for them; false when not connected. */
  boolean disconnected(String agent, Instant now, Duration grace) {
    AgentSeat s = seats.get(agent);
    if (s == null || !s.connected()) {
      return false;
    }
    seats.disconnect(s, now, grace);
    effects.emit(new AgentPresence(agent, false, s.presence()));
    assignments.revokeAll(s, RevokeReason.DISCONNECTED, now);
    return true;
  }

  /** The agent sets their presence; going away withdraws their open offers. */
  CommandResult presence(String agent, Presence p, Instant now) {
    AgentSeat s = seats.get(agent);
    if (s == null) {
      return CommandResult.refused(Refusal.UNKNOWN_AGENT, "no agent " + agent);
    }
    seats.presence(s, p);
    effects.emit(new AgentPresence(agent, s.connected(), p));
    if (p == Presence.AWAY) {
      assignments.revokeAll(s, RevokeReason.WITHDRAWN, now);
    }
    return new CommandResult.Done(null);
  }

  /** The grace of a disconnected agent ended (their timer fell due): unless they came back, their work is requeued. */
  void graceOver(String agent, Instant now, RoutingPolicy policy) {
    AgentSeat s = seats.graceOver(agent, now, policy.disconnectGrace);
    if (s != null) {
      assignments.requeueAll(s, ReleaseReason.DISCONNECT_GRACE_EXPIRED, policy.tiers, now);
    }
  }

  /** A reload: agents no longer configured lose their offers and their held work, the others take their new settings. */
  void reconfigured(RoutingPolicy next, Instant now) {
    for (AgentSeat gone : seats.gone(next.agents)) {
      assignments.revokeAll(gone, RevokeReason.WITHDRAWN, now);
      assignments.requeueAll(gone, ReleaseReason.AGENT_REMOVED, next.tiers, now);
      seats.remove(gone);
    }
    seats.update(next.agents.values(), now);
  }
}
