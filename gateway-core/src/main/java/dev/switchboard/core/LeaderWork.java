package dev.switchboard.core;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.cluster.ClusterEvents;
import dev.switchboard.core.cluster.LeaderTerm;
import dev.switchboard.core.cluster.Singletons;
import dev.switchboard.core.cluster.TermRoutes;
import dev.switchboard.core.continuity.ChatContinuity;
import dev.switchboard.core.csat.CsatLinks;
import dev.switchboard.core.csat.CsatScheduler;
import dev.switchboard.core.followup.FollowUpScheduler;
import dev.switchboard.core.outbox.OutboxDispatcher;
import dev.switchboard.core.report.ReportRollupJob;
import dev.switchboard.core.routing.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The work only the leader does, as {@link Singletons} of the gateway, registered in the order they need
 * each other: the surveys; the routing term (router, desk, routing API) before the channels start, so no
 * queued conversation is missed; the outbox and the schedulers once the channels they send through have
 * started; the roll call of the watched chats last, once the router and chat continuity follow the bus.
 * It also holds the current term's router and outbox for what reads them on any node ({@code null} while
 * this node follows).
 */
final class LeaderWork {

  /** How long a router may take to rebuild its queue from the store before its start counts as failed. */
  private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(60);

  private final Gateway gateway;
  private final Singletons singletons;
  private volatile Router router;
  private volatile OutboxDispatcher outbox;
  /** The single node's routing term becoming ready, once started; null in a cluster. */
  private volatile CompletableFuture<Void> routing;

  LeaderWork(Gateway gateway) {
    this.gateway = requireNonNull(gateway, "gateway");
    this.singletons = gateway.singletons();
  }

  /** The satisfaction surveys' asks; the answers are taken on every node. */
  void addSurveys(CsatLinks links) throws Exception {
    singletons.add("csat", CsatScheduler.singleton(() -> gateway.config().get().csat(), links, gateway.events(),
        gateway.clock(), gateway.meters()));
  }

  /**
   * The router (rebuilt from the store), the agent desk, the routing admin API and live reload, for one term
   * of leadership (on a single node: from start to stop); their routes answer through {@code termRoutes}
   * ({@code not_leader}, or relayed to the leader, while this node follows, and while the router still
   * rebuilds its queue). On a single node this returns once the router follows the bus, and the queue is
   * rebuilt while the gateway's start goes on ({@link #awaitRouting}); in a cluster the term's start waits
   * for the rebuild.
   */
  void addRouting(TermRoutes termRoutes) throws Exception {
    singletons.add("router", term -> startRouting(term, termRoutes));
  }

  private AutoCloseable startRouting(LeaderTerm term, TermRoutes termRoutes) throws Exception {
    RoutingTerm unit = RoutingTerm.start(term, termRoutes.begin(), gateway.config(), gateway.configFile(),
        gateway.events(), gateway.clock(), gateway.meters(), gateway.adminAuth(), gateway.stores().contacts());
    AtomicBoolean ended = new AtomicBoolean();
    CompletableFuture<Void> serving = unit.serving().thenRun(() -> {
      if (!ended.get()) {
        router = unit.router();
      }
    }).toCompletableFuture();
    AutoCloseable stop = () -> {
      ended.set(true);
      router = null;
      unit.close();
    };
    if (gateway.cluster() == null) {
      routing = serving; // a single node's start waits for it once its port is bound (awaitRouting)
      return stop;
    }
    // A leader of a cluster waits for its rebuild here, on the membership's thread, as before: a leader
    // whose router failed to rebuild gives its lease up (Singletons.lead).
    try {
      await(serving, REBUILD_TIMEOUT);
    } catch (Exception | Error e) {
      stop.close();
      throw e;
    }
    return stop;
  }

  /**
   * On a single node, waits until the router started with the gateway holds the whole queue and the routing
   * routes answer (the gateway's start ends there; meanwhile the port is bound and {@code /health/ready}
   * answers 503); throws what the rebuild failed with. Returns at once in a cluster, whose terms start on
   * the membership's thread once the lease is won.
   */
  void awaitRouting() throws Exception {
    CompletableFuture<Void> r = routing;
    if (r != null) {
      await(r, REBUILD_TIMEOUT);
    }
  }

  private static void await(CompletableFuture<Void> serving, Duration timeout) throws Exception {
    try {
      serving.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
          : e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  /**
   * The outbox over {@code channels} (all started by now), follow-ups, chat continuity, the report rollup,
   * and, in a cluster ({@code relay} not null), the roll call of the chats watched on every node.
   */
  void addAfterChannels(List<ChannelAdapter> channels, ClusterEvents relay) throws Exception {
    singletons.add("outbox", term -> {
      OutboxDispatcher o = new OutboxDispatcher(term.store(), gateway.events(), gateway.clock(), gateway.meters(),
          channels, OutboxDispatcher.Settings.defaults(), () -> ThreadLocalRandom.current().nextDouble()).start();
      outbox = o;
      return () -> {
        outbox = null;
        o.close();
      };
    });
    singletons.add("follow-ups", FollowUpScheduler.singleton(gateway.events(), gateway.clock(), gateway.meters()));
    singletons.add("chat-continuity", ChatContinuity.singleton(gateway.events(), gateway.clock(), gateway.config(),
        gateway.meters(), gateway.chatReopenLinks()));
    singletons.add("report-rollup", ReportRollupJob.singleton(gateway.stores().reports(), gateway.meters()));
    if (relay != null) {
      singletons.add("watched-chats", relay.rollCall());
    }
  }

  /** The router while this node leads, else {@code null}. */
  Router router() {
    return router;
  }

  /** The outbox while this node leads, else {@code null}. */
  OutboxDispatcher outbox() {
    return outbox;
  }
}
