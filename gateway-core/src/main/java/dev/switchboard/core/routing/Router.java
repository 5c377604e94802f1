package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * desk) on the router thread, with the commit of those saves, which the desk waits for before an agent
 * sees them ({@link DecisionListener}); listeners must only hand them on.
 */
public final class Router implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final ConversationStore store;
  private final EventBus events;
  private final Clock clock;
  private final RoutingMetrics metrics;
  private final RouterThread actor;
  private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<ConversationId, String> assignees = new ConcurrentHashMap<>();
  private final RecentWaits waits = new RecentWaits();
  private final AutoReply autoReply;
  private final Availability availability;
  private final HoldBack holdBack;
  private RoutingCore core;
  private AutoCloseable subscription;

  private Router(ConversationStore store, EventBus events, Clock clock, MeterRegistry meters, RoutingPolicy policy,
      HoldBack holdBack) {
    this.store = requireNonNull(store, "store");
    this.holdBack = requireNonNull(holdBack, "holdBack");
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = new RoutingMetrics(requireNonNull(meters, "meters"));
    this.core = new RoutingCore(requireNonNull(policy, "policy"), clock.instant());
    metrics.firstResponseTargets(policy.firstResponseTargets());
    this.autoReply = new AutoReply(store, events);
    this.availability = new Availability(store);
    this.actor = new RouterThread(this::flush);
  }

  /**
   * Starts a router: rebuilds its state from the store's open conversations, then follows the bus.
   * With a {@code tickInterval} the timers run on their own; with {@code null} only {@link #tick()}
   * runs them (tests with a hand-moved clock).
   */
  public static CompletionStage<Router> start(ConversationStore store, EventBus events, Clock clock,
      MeterRegistry meters, RoutingPolicy policy, Duration tickInterval) {
    return start(store, events, clock, meters, policy, tickInterval, HoldBack.NONE);
  }

  /** {@link #start}, leaving out of the queue the conversations {@code holdBack} holds or claims. */
  public static CompletionStage<Router> start(ConversationStore store, EventBus events, Clock clock,
      MeterRegistry meters, RoutingPolicy policy, Duration tickInterval, HoldBack holdBack) {
    Router r = new Router(store, events, clock, meters, policy, holdBack);
    // Follow the bus before reading the store, so nothing queued in between is missed; the restore
    // skips what the events already brought in.
    r.subscription = events.subscribe(r::onEvent);
    return r.availability.start(clock.instant()).thenCompose(ended -> store.openConversations())
        .thenCombine(holdBack.held(), (all, held) -> all.stream().filter(c -> !held.contains(c.id())).toList())
        .thenCompose(open -> r.work(() -> {
      List<Conversation> unclassified = r.core.restore(open, r.clock.instant());
      for (Conversation c : open) {
        String assignee = r.core.conversation(c.id()) == null ? null : r.core.conversation(c.id()).assignee();
        if (assignee != null) {
          r.assignees.put(c.id(), assignee);
        }
      }
      r.flush();
      log.info("Router restored {} open conversations ({} to classify)", open.size(), unclassified.size());
      return unclassified;
    })).thenApply(unclassified -> {
      unclassified.forEach(c -> r.classifyAndQueue(c, false, true));
      if (tickInterval != null) {
        r.actor.tickEvery(tickInterval, () -> r.core.tick(r.clock.instant()));
      }
      return r;
    });
  }

  /** Decisions as they are made, on the router thread: hand them on, never block. */
  public void subscribe(Consumer<RoutingDecision> listener) {
    requireNonNull(listener, "listener");
    listeners.add((decision, saved) -> listener.accept(decision));
  }

  /**
   * Decisions as they are made, on the router thread, each with the commit of the routing changes of the
   * same step: what reaches an agent (offers, {@code assigned}) waits for it ({@link DecisionListener}).
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

  /** What an agent's desk shows on {@code ready}: presence, held conversations and open offers. */
  public record AgentState(Presence presence, List<Conversation> conversations, List<RoutingDecision.Offer> offers) {
    public AgentState {
      requireNonNull(presence, "presence");
      conversations = List.copyOf(conversations);
      offers = List.copyOf(offers);
    }
  }

  /** The assignee as of the last routing change, readable from any thread (null when none). */
  public String assignee(ConversationId id) {
    return assignees.get(id);
  }

  // ---- admin ----

  public CompletionStage<List<QueueView.Entry>> queue() {
    return work(core::queue);
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
        .thenCompose(direct -> direct ? work(() -> core.conversation(c.id())) : classifyAndQueue(c, false));
  }

  /**
   * After a merge or an unmerge of contacts committed: the router's copies of the open conversations of
   * {@code contacts} take the contact they have now, and waiting ones the contact's recent agent as their
   * sticky agent (the merged history may name one). Reads the store first, then changes the routing state
   * on the router thread.
   */
  public CompletionStage<Void> contactsChanged(List<dev.switchboard.core.model.ContactId> contacts) {
    List<CompletableFuture<List<Conversation>>> reads = contacts.stream().distinct()
        .map(id -> store.conversations(new dev.switchboard.core.store.ConversationQuery(null, null, id, null, 50))
            .toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenCompose(v -> work(() -> {
      Instant now = clock.instant();
      for (CompletableFuture<List<Conversation>> read : reads) {
        List<Conversation> history = read.join();
        core.contactChanged(history, Arrival.recentAgent(history, core.policy(), now), now);
      }
      return null;
    }));
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
    return classifyAndQueue(c, false, false);
  }

  /** Runs due timers now (tests drive time with this; in production a tick runs every interval). */
  public CompletionStage<Void> tick() {
    return run(() -> core.tick(clock.instant()));
  }

  // ---- events ----

  private void onEvent(GatewayEvent e) {
    if (e instanceof GatewayEvent.ConversationQueued q) {
      classifyAndQueue(q.conversation(), q.newConversation() && !q.automated(), !q.automated());
    } else if (e instanceof GatewayEvent.QueueWatched w) {
      work(() -> {
        core.watchPlace(w.conversationId(), w.watching(), clock.instant());
        return null;
      });
    } else if (e instanceof GatewayEvent.MessageAdded m) {
      work(() -> {
        core.messageAdded(m.conversation(), m.message(), clock.instant());
        return null;
      });
    }
  }

  /**
   * Asks the hold-back first when {@code claimable} (a customer's message queued it): a held conversation
   * is neither queued nor auto-replied. Then reads what the rules need off the router thread, and
   * classifies and queues on it.
   */
  private CompletionStage<Conversation> classifyAndQueue(Conversation c, boolean sendAutoReply, boolean claimable) {
    CompletionStage<Boolean> held = claimable ? holdBack.claim(c).exceptionally(err -> {
      log.error("Could not ask whether {} is held back; it is queued", c.id(), err);
      return false;
    }) : CompletableFuture.completedFuture(false);
    return held.thenCompose(h -> h ? CompletableFuture.completedFuture(c) : classifyAndQueue(c, sendAutoReply));
  }

  /** Reads what the rules need off the router thread, then classifies and queues on it. */
  private CompletionStage<Conversation> classifyAndQueue(Conversation c, boolean sendAutoReply) {
    return Arrival.read(store, c)
        .thenCompose(arrival -> work(() -> {
          Instant now = clock.instant();
          RoutingPolicy p = core.policy();
          Classification cls = p.classifier.classify(arrival.subject(p, now));
          core.enqueue(c, cls, arrival.sticky(p, now), now);
          if (sendAutoReply && p.autoReply.enabled()) {
            Duration expected = waits.expected(cls.tier(), p.tiers.firstResponse(cls.tier()));
            autoReply.send(c, p.autoReply, cls.open(), expected);
          }
          return core.conversation(c.id());
        }))
        .whenComplete((r, err) -> {
          if (err != null) {
            log.error("Could not route conversation {}", c.id(), err);
          }
        });
  }

  // ---- the actor ----

  /** The mailbox, for tests that hold the router thread to check which lane goes first. */
  Mailbox mailbox() {
    return actor.mailbox();
  }

  private void flush() {
    Instant now = clock.instant();
    List<CompletableFuture<Conversation>> saves = new ArrayList<>();
    for (Conversation c : core.drainChanged()) {
      if (c.assignee() != null) {
        assignees.put(c.id(), c.assignee());
      } else {
        assignees.remove(c.id());
      }
      CompletableFuture<Conversation> save = store.saveConversation(c).toCompletableFuture();
      save.whenComplete((saved, err) -> {
        if (err != null) {
          log.error("Could not save routing change of {}", c.id(), err);
        } else {
          events.publish(new GatewayEvent.ConversationUpdated(saved));
        }
      });
      saves.add(save);
    }
    // The step's decisions reach agents only once its changes are committed (DecisionListener).
    CompletionStage<Void> saved = CompletableFuture.allOf(saves.toArray(CompletableFuture[]::new))
        .minimalCompletionStage();
    List<RoutingDecision> decisions = core.drainDecisions();
    metrics.record(decisions, now);
    for (RoutingDecision d : decisions) {
      if (d instanceof RoutingDecision.Assign a && a.reason() == RoutingDecision.AssignReason.ACCEPTED && a.conversation().queuedAt() != null) {
        waits.record(a.conversation().tier(), Duration.between(a.conversation().queuedAt(), now));
      }
      if (d instanceof RoutingDecision.SlaBreach b) {
        events.publish(new GatewayEvent.SlaBreached(b.conversation(), b.tier(), b.kind().key(), b.due()));
      } else if (d instanceof RoutingDecision.QueuePlace p) {
        // The chat channel's listener only queues the frame on the visitor's event loop.
        events.publish(new GatewayEvent.QueuePlace(p.conversationId(), p.position(), p.eta()));
        continue; // for visitors, not agents
      }
      for (DecisionListener l : listeners) {
        try {
          l.decided(d, saved);
        } catch (RuntimeException e) {
          log.error("Routing listener failed on {}", d.getClass().getSimpleName(), e);
        }
      }
    }
    metrics.queueSizes(core.queueSizes(), core.policy().tierNames());
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
