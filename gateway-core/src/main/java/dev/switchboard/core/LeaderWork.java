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
import java.util.List;
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

  private final Gateway gateway;
  private final Singletons singletons;
  private volatile Router router;
  private volatile OutboxDispatcher outbox;

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
   * ({@code not_leader}, or relayed to the leader, while this node follows).
   */
  void addRouting(TermRoutes termRoutes) throws Exception {
    singletons.add("router", term -> startRouting(term, termRoutes));
  }

  private AutoCloseable startRouting(LeaderTerm term, TermRoutes termRoutes) throws Exception {
    RoutingTerm unit = RoutingTerm.start(term, termRoutes.begin(), gateway.config(), gateway.configFile(),
        gateway.events(), gateway.clock(), gateway.meters(), gateway.adminAuth(), gateway.stores().contacts());
    router = unit.router();
    return () -> {
      router = null;
      unit.close();
    };
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
