package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.EscalationConfig;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.routing.RoutingDecision.Assign;
import dev.switchboard.core.routing.RoutingDecision.Escalate;
import dev.switchboard.core.routing.RoutingDecision.Offer;
import dev.switchboard.core.routing.RoutingDecision.OfferRevoked;
import dev.switchboard.core.routing.RoutingDecision.Release;
import dev.switchboard.core.routing.RoutingDecision.SlaBreach;
import dev.switchboard.core.routing.Timers.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All routing state and every rule that changes it, with no threads, I/O or clock of its own: each
 * command takes the time, and its effects are read back with {@link #drainDecisions()} (for agents) and
 * {@link #drainChanged()} (for the store). {@link Router} runs it on one thread.
 */
final class RoutingCore {

  /** The author of messages the gateway writes itself (the auto-reply); they are not responses. */
  static final String SYSTEM_AUTHOR = dev.switchboard.core.store.ConversationStore.SYSTEM_AUTHOR;

  private RoutingPolicy policy;
  private final Map<ConversationId, Conversation> open = new HashMap<>();
  private final Map<ConversationId, Waiting> waiting = new LinkedHashMap<>();
  private final Map<String, AgentSeat> seats = new LinkedHashMap<>();
  private final Map<ConversationId, Instant> offerExpiry = new HashMap<>();
  private final Timers timers = new Timers();
  /** The SLA timer armed per conversation and kind, so re-arming the same due time is a no-op. */
  private final Map<String, Instant> armedDue = new HashMap<>();
  private final List<RoutingDecision> decisions = new ArrayList<>();
  private final Map<ConversationId, Conversation> changed = new LinkedHashMap<>();
  private long arrivals;

  RoutingCore(RoutingPolicy policy, Instant now) {
    this.policy = requireNonNull(policy, "policy");
    for (AgentConfig a : policy.agents.values()) {
      seats.put(a.id(), new AgentSeat(a, now));
    }
  }

  RoutingPolicy policy() {
    return policy;
  }

  // ---- effects ----

  List<RoutingDecision> drainDecisions() {
    List<RoutingDecision> out = List.copyOf(decisions);
    decisions.clear();
    return out;
  }

  List<Conversation> drainChanged() {
    List<Conversation> out = List.copyOf(changed.values());
    changed.clear();
    return out;
  }

  // ---- conversations ----

  /**
   * Queues a classified conversation: tier, skills and deadlines set, escalation and SLA timers armed,
   * offered at once when an agent is eligible. {@code sticky} is the contact's recent agent, or null.
   */
  void enqueue(Conversation c, Classification cls, String sticky, Instant now) {
    if (open.containsKey(c.id()) && c.status() != ConversationStatus.RESOLVED) {
      if (waiting.containsKey(c.id()) || c.assignee() != null) {
        return; // already routed: a repeated event
      }
    }
    Instant queuedAt = c.queuedAt() == null ? now : c.queuedAt();
    Instant due = queuedAt.plus(policy.tiers.firstResponse(cls.tier()));
    Edit e = Edit.of(c).status(ConversationStatus.QUEUED).tier(cls.tier()).skills(cls.skills())
        .assignee(null).queuedAt(queuedAt);
    if (c.firstRespondedAt() == null) {
      e.firstResponseDue(due);
    } else {
      e.nextResponseDue(queuedAt.plus(policy.tiers.nextResponse(cls.tier())));
    }
    Conversation q = save(e.at(now));
    Waiting w = addWaiting(q, sticky);
    armEscalation(w, now, false);
    armDue(q);
    decisions.add(new RoutingDecision.Queue(q, w.tier, w.deadline));
    dispatch(now);
  }

  /** Rebuilds state after a restart from the store's open conversations; returns those still unclassified. */
  List<Conversation> restore(Collection<Conversation> conversations, Instant now) {
    List<Conversation> unclassified = new ArrayList<>();
    for (Conversation c : conversations) {
      if (open.containsKey(c.id())) {
        continue; // an event brought it in while the store was being read
      }
      if (c.status() == ConversationStatus.ASSIGNED && c.assignee() != null && seats.containsKey(c.assignee())) {
        open.put(c.id(), c);
        AgentSeat s = seats.get(c.assignee());
        s.held.put(c.id(), c.channel());
        if (!s.connected && s.disconnectedAt == null) {
          s.disconnectedAt = now;
          timers.at(now.plus(policy.disconnectGrace), Kind.DISCONNECT_GRACE, null, s.id());
        }
        armDue(c);
      } else if (c.status().isOpen() && c.tier() != null && policy.tiers.contains(c.tier())) {
        Conversation q = c.status() == ConversationStatus.QUEUED && c.assignee() == null
            ? c : save(Edit.of(c).status(ConversationStatus.QUEUED).assignee(null).at(now));
        Waiting w = addWaiting(q, null);
        armEscalation(w, now, true);
        armDue(q);
      } else if (c.status().isOpen()) {
        unclassified.add(c);
      }
    }
    dispatch(now);
    return unclassified;
  }

  /** Keeps SLA due times in step with the conversation's messages. */
  void messageAdded(Conversation fromEvent, Message m, Instant now) {
    Conversation c = open.get(m.conversationId());
    if (c == null) {
      return;
    }
    if (m.direction() == Direction.OUT && !SYSTEM_AUTHOR.equals(m.author())) {
      Instant respondedAt = c.firstRespondedAt() != null ? c.firstRespondedAt()
          : fromEvent.firstRespondedAt() != null ? fromEvent.firstRespondedAt() : m.createdAt();
      boolean clearDue = c.nextResponseDue() != null;
      Conversation u = Edit.of(c).firstRespondedAt(respondedAt).nextResponseDue(null).at(now);
      if (clearDue) {
        save(u);
      } else {
        open.put(u.id(), u);
      }
    } else if (m.direction() == Direction.IN && c.status() == ConversationStatus.ASSIGNED
        && c.firstRespondedAt() != null && c.nextResponseDue() == null) {
      Conversation u = save(Edit.of(c)
          .nextResponseDue(m.createdAt().plus(policy.tiers.nextResponse(c.tier()))).at(now));
      armDue(u);
    }
  }

  /** Assigns a conversation straight to an agent with room (proactive outreach); false when they have none. */
  boolean assignDirect(Conversation c, String agent, Instant now) {
    AgentSeat s = seats.get(agent);
    if (s == null || !s.hasRoom(c.channel())) {
      return false;
    }
    String tier = c.tier() == null ? policy.tiers.lowest() : c.tier();
    hold(s, Edit.of(c).tier(tier).queuedAt(c.queuedAt() == null ? now : c.queuedAt()).at(now), "direct", now);
    return true;
  }

  // ---- agents ----

  void agentConnected(String agent, Instant now) {
    AgentSeat s = seats.get(agent);
    if (s == null) {
      return;
    }
    s.connected = true;
    s.disconnectedAt = null;
    if (s.held.isEmpty()) {
      s.idleSince = now;
    }
    dispatch(now);
  }

  /** The agent's last desk closed: offers go back, held work waits one grace period for them. */
  void agentDisconnected(String agent, Instant now) {
    AgentSeat s = seats.get(agent);
    if (s == null || !s.connected) {
      return;
    }
    s.connected = false;
    s.disconnectedAt = now;
    for (ConversationId id : List.copyOf(s.offered.keySet())) {
      revoke(waiting.get(id), "disconnected", now, false);
    }
    timers.at(now.plus(policy.disconnectGrace), Kind.DISCONNECT_GRACE, null, agent);
    dispatch(now);
  }

  CommandResult presence(String agent, Presence p, Instant now) {
    AgentSeat s = seats.get(agent);
    if (s == null) {
      return CommandResult.refused("unknown_agent", "no agent " + agent);
    }
    s.presence = p;
    if (p == Presence.AWAY) {
      for (ConversationId id : List.copyOf(s.offered.keySet())) {
        revoke(waiting.get(id), "withdrawn", now, false);
      }
    }
    dispatch(now);
    return new CommandResult.Done(null);
  }

  CommandResult accept(String agent, ConversationId id, Instant now) {
    Waiting w = waiting.get(id);
    if (w == null || !agent.equals(w.offeredTo)) {
      return CommandResult.refused("not_offered", "conversation " + id + " is not offered to you");
    }
    AgentSeat s = seats.get(agent);
    s.offered.remove(id);
    offerExpiry.remove(id);
    waiting.remove(id);
    Conversation held = hold(s, open.get(id), "accepted", now);
    dispatch(now);
    return new CommandResult.Done(held);
  }

  CommandResult decline(String agent, ConversationId id, Instant now) {
    Waiting w = waiting.get(id);
    if (w == null || !agent.equals(w.offeredTo)) {
      return CommandResult.refused("not_offered", "conversation " + id + " is not offered to you");
    }
    revoke(w, "declined", now, true);
    dispatch(now);
    return new CommandResult.Done(open.get(id));
  }

  CommandResult resolve(String agent, ConversationId id, Instant now) {
    Conversation c = open.get(id);
    if (c == null) {
      return CommandResult.refused("not_found", "no open conversation " + id);
    }
    if (!mayWrite(agent, id)) {
      return CommandResult.refused("forbidden", "only the assignee or a supervisor may resolve " + id);
    }
    leaveQueue(id);
    String holder = c.assignee();
    Conversation r = save(Edit.of(c).status(ConversationStatus.RESOLVED).assignee(null)
        .lastAgent(holder != null ? holder : agent).firstResponseDue(null).nextResponseDue(null).at(now));
    open.remove(id);
    armedDue.remove(Kind.FIRST_RESPONSE_DUE + ":" + id);
    armedDue.remove(Kind.NEXT_RESPONSE_DUE + ":" + id);
    if (holder != null && seats.containsKey(holder)) {
      unhold(seats.get(holder), id, now);
      decisions.add(new Release(holder, r, "resolved"));
    }
    dispatch(now);
    return new CommandResult.Done(r);
  }

  CommandResult transferToAgent(String agent, ConversationId id, String toAgent, Instant now) {
    Conversation c = open.get(id);
    CommandResult refusal = checkTransfer(agent, c, id);
    if (refusal != null) {
      return refusal;
    }
    AgentSeat to = seats.get(toAgent);
    if (to == null) {
      return CommandResult.refused("unknown_agent", "no agent " + toAgent);
    }
    if (toAgent.equals(c.assignee())) {
      return CommandResult.refused("bad_request", "conversation " + id + " is already with " + toAgent);
    }
    if (!to.connected) {
      return CommandResult.refused("agent_unavailable", toAgent + " is not connected");
    }
    if (!to.hasRoom(c.channel())) {
      return CommandResult.refused("agent_at_capacity", toAgent + " has no room for " + c.channel().key());
    }
    leaveQueue(id);
    release(c, "transferred", now);
    Conversation held = hold(to, open.get(id), "transferred", now);
    dispatch(now);
    return new CommandResult.Done(held);
  }

  CommandResult transferToTier(String agent, ConversationId id, String tier, Instant now) {
    Conversation c = open.get(id);
    CommandResult refusal = checkTransfer(agent, c, id);
    if (refusal != null) {
      return refusal;
    }
    if (!policy.tiers.contains(tier)) {
      return CommandResult.refused("unknown_tier", "no tier " + tier);
    }
    leaveQueue(id);
    release(c, "transferred", now);
    Conversation r = open.get(id);
    Instant due = r.queuedAt().plus(policy.tiers.firstResponse(tier));
    Edit e = Edit.of(r).tier(tier);
    if (r.firstRespondedAt() == null) {
      e.firstResponseDue(due);
    }
    Conversation q = save(e.at(now));
    Waiting w = addWaiting(q, null);
    if (c.assignee() != null) {
      w.declinedBy.put(c.assignee(), now); // to someone else while anyone else can take it
    }
    armDue(q);
    decisions.add(new RoutingDecision.Queue(q, w.tier, w.deadline));
    dispatch(now);
    return new CommandResult.Done(q);
  }

  private CommandResult checkTransfer(String agent, Conversation c, ConversationId id) {
    if (c == null) {
      return CommandResult.refused("not_found", "no open conversation " + id);
    }
    if (!mayWrite(agent, id)) {
      return CommandResult.refused("forbidden", "only the assignee or a supervisor may transfer " + id);
    }
    return null;
  }

  /** Takes a conversation out of the queue (a supervisor moving waiting work), withdrawing its offer. */
  private void leaveQueue(ConversationId id) {
    Waiting w = waiting.remove(id);
    if (w != null && w.offeredTo != null) {
      seats.get(w.offeredTo).offered.remove(id);
      offerExpiry.remove(id);
      decisions.add(new OfferRevoked(w.offeredTo, id, "withdrawn"));
    }
  }

  /** Whether {@code agent} may write to the conversation: its assignee, or any supervisor. */
  boolean mayWrite(String agent, ConversationId id) {
    Conversation c = open.get(id);
    AgentSeat s = seats.get(agent);
    if (s == null) {
      return false;
    }
    return s.supervisor() || (c != null && agent.equals(c.assignee()));
  }

  // ---- time ----

  void tick(Instant now) {
    for (Timers.Timer t : timers.due(now)) {
      switch (t.kind()) {
        case OFFER_EXPIRY -> {
          Waiting w = waiting.get(t.conversation());
          if (w != null && t.agent().equals(w.offeredTo) && t.at().equals(offerExpiry.get(w.id))) {
            revoke(w, "expired", now, true);
          }
        }
        case DISCONNECT_GRACE -> graceEnded(seats.get(t.agent()), now);
        case ESCALATION -> {
          Waiting w = waiting.get(t.conversation());
          if (w != null) {
            escalate(w, now, false);
          }
        }
        case FIRST_RESPONSE_DUE, NEXT_RESPONSE_DUE -> breach(t, now);
      }
    }
    dispatch(now);
  }

  // ---- live reload ----

  /** Applies a new policy: agents added, changed or removed (their work requeued), waiting re-ranked. */
  void reconfigure(RoutingPolicy next, Instant now) {
    this.policy = next;
    for (String id : List.copyOf(seats.keySet())) {
      if (!next.agents.containsKey(id)) {
        AgentSeat gone = seats.get(id);
        for (ConversationId c : List.copyOf(gone.offered.keySet())) {
          revoke(waiting.get(c), "withdrawn", now, false);
        }
        for (ConversationId c : List.copyOf(gone.held.keySet())) {
          requeue(open.get(c), "agent_removed", now);
        }
        seats.remove(id);
      }
    }
    for (AgentConfig a : next.agents.values()) {
      AgentSeat s = seats.get(a.id());
      if (s == null) {
        seats.put(a.id(), new AgentSeat(a, now));
      } else {
        s.config = a;
      }
    }
    for (Waiting w : waiting.values()) {
      w.rank = next.tiers.rank(w.tier);
    }
    dispatch(now);
  }

  // ---- views ----

  /** Waiting conversations in the order they will be offered. */
  List<QueueView.Entry> queue() {
    return waiting.values().stream().sorted(AgentMatcher.order(policy.strategy))
        .map(w -> new QueueView.Entry(w.id, w.tier, w.channel, w.queuedAt, w.deadline, w.offeredTo,
            offerExpiry.get(w.id), w.widened))
        .toList();
  }

  List<QueueView.Agent> agents() {
    return seats.values().stream().map(QueueView::agent).toList();
  }

  Conversation conversation(ConversationId id) {
    return open.get(id);
  }

  // ---- internals ----

  private void dispatch(Instant now) {
    if (waiting.isEmpty()) {
      return;
    }
    List<Waiting> order = waiting.values().stream().filter(w -> w.offeredTo == null)
        .sorted(AgentMatcher.order(policy.strategy)).toList();
    for (Waiting w : order) {
      AgentSeat s = AgentMatcher.pick(w, seats.values(), now, policy.offerTimeout);
      if (s != null) {
        Instant expires = now.plus(policy.offerTimeout);
        w.offeredTo = s.id();
        s.offered.put(w.id, w.channel);
        offerExpiry.put(w.id, expires);
        timers.at(expires, Kind.OFFER_EXPIRY, w.id, s.id());
        decisions.add(new Offer(s.id(), open.get(w.id), expires));
      }
    }
  }

  private Waiting addWaiting(Conversation q, String sticky) {
    open.put(q.id(), q);
    Waiting w = new Waiting(q.id(), q.channel(), arrivals++, q.queuedAt());
    w.tier = q.tier();
    w.rank = policy.tiers.rank(q.tier());
    w.skills = q.skills();
    w.deadline = q.queuedAt().plus(policy.tiers.firstResponse(q.tier()));
    w.sticky = sticky;
    w.escalationBase = policy.tiers.firstResponse(q.tier());
    waiting.put(q.id(), w);
    return w;
  }

  private void revoke(Waiting w, String reason, Instant now, boolean excludeAgent) {
    if (w == null || w.offeredTo == null) {
      return;
    }
    String agent = w.offeredTo;
    AgentSeat s = seats.get(agent);
    if (s != null) {
      s.offered.remove(w.id);
    }
    w.offeredTo = null;
    offerExpiry.remove(w.id);
    if (excludeAgent) {
      w.declinedBy.put(agent, now);
    }
    decisions.add(new OfferRevoked(agent, w.id, reason));
  }

  private Conversation hold(AgentSeat s, Conversation c, String reason, Instant now) {
    Conversation a = save(Edit.of(c).status(ConversationStatus.ASSIGNED).assignee(s.id()).lastAgent(s.id()).at(now));
    s.held.put(a.id(), a.channel());
    decisions.add(new Assign(s.id(), a, reason));
    armDue(a);
    return a;
  }

  private void release(Conversation c, String reason, Instant now) {
    String holder = c.assignee();
    Conversation r = save(Edit.of(c).status(ConversationStatus.QUEUED).assignee(null).at(now));
    if (holder != null && seats.containsKey(holder)) {
      unhold(seats.get(holder), c.id(), now);
      decisions.add(new Release(holder, r, reason));
    }
  }

  private void requeue(Conversation c, String reason, Instant now) {
    release(c, reason, now);
    Conversation r = open.get(c.id());
    if (r.queuedAt() == null) {
      r = save(Edit.of(r).queuedAt(now).at(now));
    }
    Waiting w = addWaiting(r, null);
    decisions.add(new RoutingDecision.Queue(r, w.tier, w.deadline));
  }

  private void unhold(AgentSeat s, ConversationId id, Instant now) {
    s.held.remove(id);
    if (s.held.isEmpty()) {
      s.idleSince = now;
    }
  }

  private void graceEnded(AgentSeat s, Instant now) {
    if (s == null || s.connected || s.disconnectedAt == null
        || now.isBefore(s.disconnectedAt.plus(policy.disconnectGrace))) {
      return;
    }
    for (ConversationId id : List.copyOf(s.held.keySet())) {
      requeue(open.get(id), "disconnect_grace_expired", now);
    }
  }

  private void armEscalation(Waiting w, Instant now, boolean restoring) {
    for (EscalationConfig step : policy.escalation) {
      Instant at = stepTime(w, step);
      if (restoring && !at.isAfter(now)) {
        continue; // applied (or missed) before the restart: promoting again would promote twice
      }
      timers.at(at, Kind.ESCALATION, w.id, null);
    }
    if (restoring) {
      escalate(w, now, true);
    }
  }

  private Instant stepTime(Waiting w, EscalationConfig step) {
    long millis = (long) (w.escalationBase.toMillis() * step.at().fraction());
    return w.queuedAt.plus(Duration.ofMillis(millis));
  }

  /** Applies every escalation step due by now that this conversation has not had yet. */
  private void escalate(Waiting w, Instant now, boolean widenOnly) {
    List<EscalationConfig> steps = policy.escalation;
    while (w.escalations < steps.size() && !stepTime(w, steps.get(w.escalations)).isAfter(now)) {
      EscalationConfig step = steps.get(w.escalations++);
      String from = w.tier;
      boolean widen = step.widen() && !w.widened;
      if (widen) {
        w.widened = true;
      }
      if (!widenOnly && step.promote() > 0) {
        String to = policy.tiers.promote(w.tier, step.promote());
        if (!to.equals(w.tier)) {
          w.tier = to;
          w.rank = policy.tiers.rank(to);
          Instant due = w.queuedAt.plus(policy.tiers.firstResponse(to));
          if (due.isBefore(w.deadline)) {
            w.deadline = due;
          }
          Conversation c = open.get(w.id);
          Edit e = Edit.of(c).tier(to);
          if (c.firstRespondedAt() == null && (c.firstResponseDue() == null || due.isBefore(c.firstResponseDue()))) {
            e.firstResponseDue(due);
          }
          armDue(save(e.at(now)));
        }
      }
      if (widen || !from.equals(w.tier)) {
        decisions.add(new Escalate(open.get(w.id), from, w.tier, w.widened));
      }
    }
  }

  private void armDue(Conversation c) {
    if (c.firstRespondedAt() == null && c.firstResponseDue() != null) {
      arm(c.firstResponseDue(), Kind.FIRST_RESPONSE_DUE, c.id());
    }
    if (c.nextResponseDue() != null) {
      arm(c.nextResponseDue(), Kind.NEXT_RESPONSE_DUE, c.id());
    }
  }

  private void arm(Instant at, Kind kind, ConversationId id) {
    if (!at.equals(armedDue.put(kind + ":" + id, at))) {
      timers.at(at, kind, id, null);
    }
  }

  private void breach(Timers.Timer t, Instant now) {
    armedDue.remove(t.kind() + ":" + t.conversation(), t.at());
    Conversation c = open.get(t.conversation());
    if (c == null) {
      return;
    }
    if (t.kind() == Kind.FIRST_RESPONSE_DUE && c.firstRespondedAt() == null && t.at().equals(c.firstResponseDue())) {
      decisions.add(new SlaBreach(c, c.tier(), "first_response", t.at()));
    } else if (t.kind() == Kind.NEXT_RESPONSE_DUE && t.at().equals(c.nextResponseDue())) {
      decisions.add(new SlaBreach(c, c.tier(), "next_response", t.at()));
    }
  }

  private Conversation save(Conversation c) {
    open.put(c.id(), c);
    changed.put(c.id(), c);
    return c;
  }
}
