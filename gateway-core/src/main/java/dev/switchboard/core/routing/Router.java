package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router: a single-threaded actor around {@link RoutingCore}. Events from the bus, agents' commands
 * and timer ticks are messages run one at a time on its own thread, agents' commands and ticks before
 * any other waiting message ({@link Mailbox}); after each, the conversations it changed are saved,
 * {@code ConversationUpdated} is published once saved, and its decisions go to the listeners (the agent
 * desk) on the router thread, each with the commit of the save of the conversation it is about, which the
 * desk waits for before an agent sees it ({@link DecisionListener}); listeners must only hand them on.
 */
public final class Router implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final Clock clock;
  private final RoutingMetrics metrics;
  private final RouterThread actor;
  private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<ConversationId, String> assignees = new ConcurrentHashMap<>();
  private final Availability availability;
  private final RoutingCore core;
  private final Intake intake;
  private AutoCloseable subscription;
  private CompletableFuture<Void> restored;

  private Router(ConversationStore store, EventBus events, Clock clock, MeterRegistry meters, RoutingPolicy policy,
      HoldBack holdBack) {
    requireNonNull(store, "store");
    requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = new RoutingMetrics(requireNonNull(meters, "meters"));
    this.core = new RoutingCore(requireNonNull(policy, "policy"), clock.instant());
    metrics.firstResponseTargets(policy.firstResponseTargets());
    this.availability = new Availability(store);
    RecentWaits waits = new RecentWaits();
    SaveFailures failures = new SaveFailures(core, clock, metrics);
    // A refused save is dealt with on the router thread, like any change to the routing state.
    StepEffects step = new StepEffects(store, events, clock, metrics, listeners, assignees, waits,
        (c, dropped) -> run(() -> failures.unsaved(c, dropped)));
    this.actor = new RouterThread(() -> step.flush(core));
    this.intake = new Intake(store, clock, holdBack, new AutoReply(store, events), waits, core, actor);
  }

  /**
   * Starts a router: rebuilds its state from the store's open conversations, then follows the bus.
   * With a {@code tickInterval} the timers run on their own; with {@code null} only {@link #tick()}
   * runs them (tests with a hand-moved clock).
   */
  public static CompletionStage<Router> start(ConversationStore store, EventBus events, Clock clock,
      MeterRegistry meters, RoutingPolicy policy, Duration tickInterval) {
    Router r = rebuilding(store, events, clock, meters, policy, tickInterval, HoldBack.NONE);
    return r.restored().thenApply(v -> r);
  }

  /**
   * A router that follows the bus now and rebuilds its state from the store meanwhile, leaving out what
   * {@code holdBack} holds or claims; {@link #restored()} completes once it holds every open conversation,
   * and its timers tick from then on. An arrival meanwhile is routed once: the restore skips what an event
   * brought in first, and {@code Admissions#enqueue} what the restore did. Serve nothing from it before.
   */
  public static Router rebuilding(ConversationStore store, EventBus events, Clock clock, MeterRegistry meters,
      RoutingPolicy policy, Duration tickInterval, HoldBack holdBack) {
    Router r = new Router(store, events, clock, meters, policy, holdBack);
    r.subscription = events.subscribe(r.intake::onEvent); // before the store is read: nothing falls between
    r.restored = r.availability.start(clock.instant()).thenCompose(ended -> r.intake.restore(r.assignees))
        .thenRun(() -> {
          if (tickInterval != null) {
            r.actor.tickEvery(tickInterval, () -> r.core.tick(r.clock.instant()));
          }
        }).toCompletableFuture();
    return r;
  }

  /** Completes once the rebuild is done, exceptionally when it failed (a copy: completing it changes nothing). */
  public CompletionStage<Void> restored() {
    return restored.copy();
  }

  /** Decisions as they are made, on the router thread: hand them on, never block. */
  public void subscribe(Consumer<RoutingDecision> listener) {
    requireNonNull(listener, "listener");
    listeners.add((decision, saved) -> listener.accept(decision));
  }

  /**
   * Decisions as they are made, on the router thread, each with the commit of the routing change the same
   * step made to its conversation: what reaches an agent (offers, {@code assigned}) waits for it
   * ({@link DecisionListener}).
   */
  public void listen(DecisionListener listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  // ---- agents' commands ----

  public CompletionStage<Void> agentConnected(String agent) {
    return run(() -> {
      core.agentConnected(agent, clock.instant());
      noteAvailability(agent);
    });
  }

  /**
   * Signs an agent in: takes the state their new desk shows in {@code ready}, runs {@code atSnapshot} on
   * it (on the router thread, before the sign-in makes any offer: a desk marks its frame stream there;
   * it must not block), then connects the agent, which may make offers. One command, so no decision
   * falls between the snapshot and the sign-in.
   */
  public <T> CompletionStage<T> signIn(String agent, Function<AgentState, T> atSnapshot) {
    requireNonNull(atSnapshot, "atSnapshot");
    return command(() -> {
      T taken = atSnapshot.apply(core.agentState(agent));
      core.agentConnected(agent, clock.instant());
      noteAvailability(agent);
      return taken;
    });
  }

  public CompletionStage<Void> agentDisconnected(String agent) {
    return run(() -> {
      core.agentDisconnected(agent, clock.instant());
      noteAvailability(agent);
    });
  }

  public CompletionStage<CommandResult> presence(String agent, Presence presence) {
    return command(() -> {
      CommandResult result = core.presence(agent, presence, clock.instant());
      noteAvailability(agent);
      return result;
    });
  }

  /** Records a change of whether {@code agent} can be offered work (the staffing report's presence). */
  private void noteAvailability(String agent) {
    availability.note(agent, core.available(agent), clock.instant());
  }

  public CompletionStage<CommandResult> accept(String agent, ConversationId id) {
    return command(() -> core.accept(agent, id, clock.instant()));
  }

  public CompletionStage<CommandResult> decline(String agent, ConversationId id) {
    return command(() -> core.decline(agent, id, clock.instant()));
  }

  public CompletionStage<CommandResult> resolve(String agent, ConversationId id) {
    return command(() -> core.resolve(agent, id, clock.instant()));
  }

  public CompletionStage<CommandResult> transferToAgent(String agent, ConversationId id, String toAgent) {
    return command(() -> core.transferToAgent(agent, id, toAgent, clock.instant()));
  }

  public CompletionStage<CommandResult> transferToTier(String agent, ConversationId id, String tier) {
    return command(() -> core.transferToTier(agent, id, tier, clock.instant()));
  }

  /**
   * Tags are the store's, not the router's: keeps the router's copy of an open conversation in step with
   * {@code stored} (as the store returned it after a retag), so frames made from the copy ({@code ready},
   * offers, releases) carry them. Completes with the copy as the router now holds it, or {@code stored}
   * when the conversation is not open.
   */
  public CompletionStage<Conversation> retagged(Conversation stored) {
    requireNonNull(stored, "stored");
    return command(() -> core.retagged(stored));
  }

  /** A supervisor gives a waiting conversation to an agent (see {@code Assignments.assignWaiting} for the rules). */
  public CompletionStage<CommandResult> assignWaiting(String supervisor, ConversationId id, String toAgent) {
    return command(() -> core.assignWaiting(supervisor, id, toAgent, clock.instant()));
  }

  /** Whether {@code agent} may reply, note, type or transfer in the conversation: assignee or supervisor. */
  public CompletionStage<Boolean> mayWrite(String agent, ConversationId id) {
    return command(() -> core.mayWrite(agent, id));
  }

  /** The agent's presence, the conversations they hold and the offers open to them, for a desk's {@code ready}. */
  public CompletionStage<AgentState> state(String agent) {
    return command(() -> core.agentState(agent));
  }

  /** The assignee as of the last routing change, readable from any thread (null when none). */
  public String assignee(ConversationId id) {
    return assignees.get(id);
  }

  // ---- admin ----

  /** Every waiting conversation, in the order they will be offered (the whole queue sorted: for {@code /api/queue}). */
  public CompletionStage<List<QueueView.Entry>> queue() {
    return work(core::queue);
  }

  /** The first {@code limit} waiting conversations in order and the total: what the desks' team feed shows. */
  public CompletionStage<QueueView.Head> queueHead(int limit) {
    return work(() -> core.queueHead(limit));
  }

  public CompletionStage<List<QueueView.Agent>> agents() {
    return work(core::agents);
  }

  /** The tier names, highest first, of the policy in force. */
  public CompletionStage<List<String>> tiers() {
    return work(() -> core.policy().tierNames());
  }

  /** Applies a new policy (a config reload); connections and assignments stay. */
  public CompletionStage<Void> reconfigure(RoutingPolicy policy) {
    return work(() -> {
      core.reconfigure(policy, clock.instant());
      metrics.firstResponseTargets(policy.firstResponseTargets());
      availability.recorded().forEach(this::noteAvailability); // an agent removed is no longer available
      return null;
    });
  }

  /** Routes a conversation opened by the gateway (proactive outreach): straight to {@code agent} when they have room, else by the rules. */
  public CompletionStage<Conversation> route(Conversation c, String agent) {
    return work(() -> agent != null && core.assignDirect(c, agent, clock.instant()))
        .thenCompose(direct -> direct ? work(() -> core.conversation(c.id())) : intake.classifyAndQueue(c, false));
  }

  /**
   * After a merge or an unmerge of contacts committed: the router's copies of the open conversations of
   * {@code contacts} take the contact they have now, and waiting ones the contact's recent agent as their
   * sticky agent (the merged history may name one). Reads the store first, then changes the routing state
   * on the router thread.
   */
  public CompletionStage<Void> contactsChanged(List<ContactId> contacts) {
    return intake.contactsChanged(contacts);
  }

  /**
   * Takes a waiting conversation out of routing (an incident holds it now: its offer is withdrawn, its
   * timers stop); false when it is not waiting (an agent holds it, or the router does not know it).
   */
  public CompletionStage<Boolean> withdraw(ConversationId id) {
    return work(() -> core.withdraw(id, clock.instant()));
  }

  /** Queues a conversation an incident held, as it stands (its queue time and history kept), with no auto-reply. */
  public CompletionStage<Conversation> release(Conversation c) {
    return intake.classifyAndQueue(c, false, false);
  }

  /** Runs due timers now (tests drive time with this; in production a tick runs every interval). */
  public CompletionStage<Void> tick() {
    return run(() -> core.tick(clock.instant()));
  }

  // ---- the actor ----

  /** The mailbox, for tests that hold the router thread to check which lane goes first. */
  Mailbox mailbox() {
    return actor.mailbox();
  }

  /** An agent's command or a tick: taken before any work waiting in the mailbox. */
  private CompletionStage<Void> run(Runnable r) {
    return command(() -> {
      r.run();
      return null;
    });
  }

  private <T> CompletionStage<T> command(Supplier<T> s) {
    return actor.command(s);
  }

  private <T> CompletionStage<T> work(Supplier<T> s) {
    return actor.work(s);
  }

  @Override
  public void close() {
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("Unsubscribe failed", e);
      }
    }
    actor.close();
    metrics.close(); // after the last step: the next term's router registers its own gauges
  }
}
