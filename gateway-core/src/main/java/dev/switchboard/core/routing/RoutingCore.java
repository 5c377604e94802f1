package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.routing.RoutingDecision.Assign;
import dev.switchboard.core.routing.RoutingMetrics.SaveFailure;
import dev.switchboard.core.routing.RoutingDecision.Offer;
import dev.switchboard.core.routing.Timers.OfferExpiry;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * All routing state and every rule that changes it, with no threads, I/O or clock of its own: each
 * command takes the time, and its effects are read back with {@link #drainDecisions()} (for agents) and
 * {@link #drainChanged()} (for the store). {@link Router} runs it on one thread. The jobs live apart:
 * {@link WaitingQueue} and {@link Matching} (queue and matching), {@link Seats} (agents' lifecycle),
 * {@link Admissions} (conversations entering and leaving routing), {@link Attendance} (agents signing in,
 * going away, disconnecting), {@link SlaClock} (SLA and escalation timers), {@link AgentCommands} (who may
 * do what), {@link Assignments} (who holds what), {@link AnswerTimeouts} (accepted work left unanswered),
 * {@link DueTimers} (what each timer does when it falls due). This class is the decision around them: each
 * entry point changes the state through them, then offers what can be offered now.
 */
final class RoutingCore {

  /** The author of messages the gateway writes itself (the auto-reply); they are not responses. */
  static final String SYSTEM_AUTHOR = dev.switchboard.core.store.ConversationStore.SYSTEM_AUTHOR;

  private RoutingPolicy policy;
  private final Effects effects = new Effects();
  private final Timers timers = new Timers();
  private final Matching matching;
  private final WaitingQueue queue;
  private final Seats seats;
  private final SlaClock sla;
  private final SlaWarnings warnings;
  private final Assignments assignments;
  private final AgentCommands commands;
  private final Admissions admissions;
  private final Attendance attendance;
  private final DueTimers due;
  private final AnswerTimeouts answers;
  private final QueuePlaces places;

  RoutingCore(RoutingPolicy policy, Instant now) {
    this(policy, now, new IndexedMatching());
  }

  RoutingCore(RoutingPolicy policy, Instant now, Matching matching) {
    this.policy = requireNonNull(policy, "policy");
    this.matching = requireNonNull(matching, "matching");
    this.queue = new WaitingQueue(QueueStrategy.of(policy.strategy), matching, timers);
    this.seats = new Seats(policy.agents.values(), now, matching, timers);
    this.warnings = new SlaWarnings(policy, timers, effects);
    this.sla = new SlaClock(policy, timers, effects, queue, warnings);
    this.answers = new AnswerTimeouts(policy.answerTimeout, timers);
    this.assignments = new Assignments(effects, queue, seats, sla, answers);
    this.commands = new AgentCommands(effects, queue, seats, assignments);
    this.admissions = new Admissions(effects, queue, seats, sla, answers, assignments);
    this.attendance = new Attendance(seats, effects, assignments);
    this.due = new DueTimers(timers, queue, effects, assignments, attendance, sla, warnings, answers);
    this.places = new QueuePlaces(queue, seats, effects);
  }

  RoutingPolicy policy() {
    return policy;
  }

  // ---- effects ----

  List<RoutingDecision> drainDecisions() {
    return effects.drainDecisions();
  }

  List<Conversation> drainChanged() {
    return effects.drainChanged();
  }

  /** Decisions made before, sent again to the listeners only ({@link Effects#resend}). */
  List<RoutingDecision> drainResent() {
    return effects.drainResent();
  }

  // ---- conversations ----

  /**
   * Queues a classified conversation: tier, skills and deadlines set, escalation and SLA timers armed,
   * offered at once when an agent is eligible. {@code sticky} is the contact's recent agent, or null.
   */
  void enqueue(Conversation c, Classification cls, String sticky, Instant now) {
    if (admissions.enqueue(c, cls, sticky, policy, now)) {
      dispatch(now);
    }
    places.queued(c.id(), now);
  }

  /** Rebuilds state after a restart from the store's open conversations; returns those still unclassified. */
  List<Conversation> restore(Collection<Conversation> conversations, Instant now) {
    List<Conversation> unclassified = admissions.restore(conversations, policy, now);
    dispatch(now);
    return unclassified;
  }

  /**
   * Takes a waiting conversation out of routing altogether (an incident holds it): its offer withdrawn,
   * its SLA timers stopped, the router's copy dropped; false when it is not waiting.
   */
  boolean withdraw(ConversationId id, Instant now) {
    if (!admissions.withdraw(id)) {
      return false;
    }
    dispatch(now);
    return true;
  }

  /** Keeps SLA due times in step with the conversation's messages; an agent's reply is the answer an accept awaits. */
  void messageAdded(Conversation fromEvent, Message m, Instant now) {
    if (sla.messageAdded(fromEvent, m, now)) {
      answers.end(m.conversationId());
    }
  }

  /** A merge or an unmerge moved conversations between contacts ({@link Admissions#contactChanged}). */
  void contactChanged(List<Conversation> history, String sticky, Instant now) {
    admissions.contactChanged(history, sticky);
    dispatch(now);
  }

  /**
   * The store refused the save of {@code unsaved}, whose step also made {@code dropped} (or null): an
   * assignment the router still holds as it was is undone and the conversation offered again
   * ({@link Assignments#undoHold}); one it keeps because the conversation changed since is saved again and
   * sent to its agent, who was never told ({@link Assignments#resend}); anything else is kept.
   */
  SaveFailure unsaved(Conversation unsaved, Assign dropped, Instant now) {
    if (assignments.undoHold(unsaved, policy.tiers, now) != null) {
      dispatch(now);
      return SaveFailure.ASSIGNMENT_UNDONE;
    }
    if (dropped != null && assignments.resend(dropped, now) != null) {
      return SaveFailure.ASSIGNMENT_RESENT;
    }
    return SaveFailure.KEPT;
  }

  /** Assigns a conversation straight to an agent with room (proactive outreach); false when they have none. */
  boolean assignDirect(Conversation c, String agent, Instant now) {
    return assignments.direct(c, agent, policy.tiers, now);
  }

  // ---- agents ----

  /** Whether {@code agent} can be offered work now: signed in and available (false for an unknown agent). */
  boolean available(String agent) {
    return attendance.available(agent);
  }

  void agentConnected(String agent, Instant now) {
    if (attendance.connected(agent, now)) {
      dispatch(now);
    }
  }

  /** The agent's last desk closed: offers go back, held work waits one grace period for them. */
  void agentDisconnected(String agent, Instant now) {
    if (attendance.disconnected(agent, now, policy.disconnectGrace)) {
      dispatch(now);
    }
  }

  CommandResult presence(String agent, Presence p, Instant now) {
    CommandResult r = attendance.presence(agent, p, now);
    return dispatchedAfter(r, now);
  }

  CommandResult accept(String agent, ConversationId id, Instant now) {
    CommandResult r = commands.accept(agent, id, now);
    if (r instanceof CommandResult.Done d) {
      places.taken(agent, d.conversation().channel(), now);
    }
    return dispatchedAfter(r, now);
  }

  CommandResult decline(String agent, ConversationId id, Instant now) {
    return dispatchedAfter(commands.decline(agent, id, now), now);
  }

  CommandResult resolve(String agent, ConversationId id, Instant now) {
    return dispatchedAfter(commands.resolve(agent, id, now), now);
  }

  CommandResult transferToAgent(String agent, ConversationId id, String toAgent, Instant now) {
    return dispatchedAfter(commands.transferToAgent(agent, id, toAgent, now), now);
  }

  CommandResult assignWaiting(String supervisor, ConversationId id, String toAgent, Instant now) {
    return dispatchedAfter(commands.assignWaiting(supervisor, id, toAgent, now), now);
  }

  CommandResult transferToTier(String agent, ConversationId id, String tier, Instant now) {
    return dispatchedAfter(commands.transferToTier(agent, id, tier, policy.tiers, now), now);
  }

  /** Whether {@code agent} may write to the conversation: its assignee, or any supervisor. */
  boolean mayWrite(String agent, ConversationId id) {
    return commands.mayWrite(agent, id);
  }

  /** A refused command changed nothing, so there is nothing new to offer. */
  private CommandResult dispatchedAfter(CommandResult r, Instant now) {
    if (r instanceof CommandResult.Done) {
      dispatch(now);
    }
    return r;
  }

  /** A chat visitor opened (or closed their last) connection on a conversation: their place in line, or not. */
  void watchPlace(ConversationId id, boolean watching, Instant now) {
    places.watch(id, watching, now);
  }

  // ---- time ----

  void tick(Instant now) {
    due.run(now, policy);
    dispatch(now);
    places.tick(now);
  }

  // ---- live reload ----

  /** Applies a new policy: agents added, changed or removed (their work requeued), waiting re-ranked. */
  void reconfigure(RoutingPolicy next, Instant now) {
    this.policy = next;
    sla.policy(next);
    answers.timeout(next.answerTimeout);
    attendance.reconfigured(next, now);
    queue.reorder(QueueStrategy.of(next.strategy), next.tiers, now);
    dispatch(now);
  }

  // ---- views ----

  /** Waiting conversations in the order they will be offered. */
  List<QueueView.Entry> queue() {
    return queue.view();
  }

  /** The first {@code limit} of {@link #queue()} and the total, without ordering the rest. */
  QueueView.Head queueHead(int limit) {
    return queue.head(limit);
  }

  /** How many conversations wait per tier, offered or not. */
  Map<String, Integer> queueSizes() {
    return queue.sizes();
  }

  List<QueueView.Agent> agents() {
    return seats.all().stream().map(QueueView::agent).toList();
  }

  /** What an agent's desk shows on {@code ready}: presence, held conversations and open offers. */
  AgentState agentState(String agent) {
    AgentSeat s = seats.get(agent);
    if (s == null) {
      return new AgentState(Presence.AVAILABLE, List.of(), List.of());
    }
    List<Conversation> held = s.held().stream().map(effects::open).toList();
    List<Offer> offers = s.offered().stream().map(queue::get)
        .map(w -> new Offer(agent, effects.open(w.id), w.offerExpires)).toList();
    return new AgentState(s.presence(), held, offers);
  }

  Conversation conversation(ConversationId id) {
    return effects.open(id);
  }

  /** The open copy with {@code stored}'s tags (kept, not saved: the store has them), or {@code stored}. */
  Conversation retagged(Conversation stored) {
    return effects.retagged(stored);
  }

  // ---- internals ----

  private void dispatch(Instant now) {
    matching.dispatch(now, policy.offerTimeout, (w, s) -> {
      Instant expires = now.plus(policy.offerTimeout);
      queue.offered(w, s.id(), expires);
      seats.offer(s, w);
      timers.at(expires, new OfferExpiry(w.id, s.id()));
      effects.emit(new Offer(s.id(), effects.open(w.id), expires));
    });
  }
}
