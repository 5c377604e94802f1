package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.CommandResult.Refusal;
import dev.switchboard.core.routing.RoutingDecision.RevokeReason;
import java.time.Instant;

/**
 * Agents' commands on conversations (accept, decline, resolve, transfer, a supervisor's assign): who may do
 * what, checked here, each refusal a value that changed nothing. What a command allowed changes is
 * {@link Assignments}'.
 */
final class AgentCommands {

  private final Effects effects;
  private final WaitingQueue queue;
  private final Seats seats;
  private final Assignments assignments;

  AgentCommands(Effects effects, WaitingQueue queue, Seats seats, Assignments assignments) {
    this.effects = requireNonNull(effects, "effects");
    this.queue = requireNonNull(queue, "queue");
    this.seats = requireNonNull(seats, "seats");
    this.assignments = requireNonNull(assignments, "assignments");
  }

  CommandResult accept(String agent, ConversationId id, Instant now) {
    Waiting w = queue.get(id);
    if (w == null || !agent.equals(w.offeredTo)) {
      return notOffered(id);
    }
    return new CommandResult.Done(assignments.accepted(w, seats.get(agent), now));
  }

  CommandResult decline(String agent, ConversationId id, Instant now) {
    Waiting w = queue.get(id);
    if (w == null || !agent.equals(w.offeredTo)) {
      return notOffered(id);
    }
    assignments.revoke(w, RevokeReason.DECLINED, now, true);
    return new CommandResult.Done(effects.open(id));
  }

  CommandResult resolve(String agent, ConversationId id, Instant now) {
    CommandResult refusal = checkWrite(agent, id, "resolve");
    return refusal != null ? refusal : new CommandResult.Done(assignments.close(agent, effects.open(id), now));
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
    return new CommandResult.Done(assignments.transfer(c, seats.get(toAgent), now));
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
    return new CommandResult.Done(assignments.assigned(w, seats.get(toAgent), now));
  }

  CommandResult transferToTier(String agent, ConversationId id, String tier, Tiers tiers, Instant now) {
    CommandResult refusal = checkWrite(agent, id, "transfer");
    if (refusal != null) {
      return refusal;
    }
    if (!tiers.contains(tier)) {
      return CommandResult.refused(Refusal.UNKNOWN_TIER, "no tier " + tier);
    }
    return new CommandResult.Done(assignments.requeueAt(effects.open(id), tier, tiers, now));
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
}
