package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.store.ArrivalFacts.Handled;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How conversations come into routing, and what the bus tells the router: a conversation queued by a
 * customer's message (asked of the hold-back first, classified, auto-replied), a place in line watched,
 * a message added, a conversation released by an incident, contacts merged or unmerged. What the rules
 * need is read from the store off the router thread; the routing state changes on it.
 */
final class Intake {

  private static final Logger log = LoggerFactory.getLogger(Intake.class);

  private final ConversationStore store;
  private final Clock clock;
  private final HoldBack holdBack;
  private final AutoReply autoReply;
  private final RecentWaits waits;
  private final RoutingCore core;
  private final RouterThread actor;

  Intake(ConversationStore store, Clock clock, HoldBack holdBack, AutoReply autoReply, RecentWaits waits,
      RoutingCore core, RouterThread actor) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.holdBack = requireNonNull(holdBack, "holdBack");
    this.autoReply = requireNonNull(autoReply, "autoReply");
    this.waits = requireNonNull(waits, "waits");
    this.core = requireNonNull(core, "core");
    this.actor = requireNonNull(actor, "actor");
  }

  /**
   * Rebuilds the routing state from the store's open conversations, less those the hold-back holds, noting
   * each held one's assignee in {@code assignees}; then classifies and queues those never classified.
   */
  CompletionStage<Void> restore(Map<ConversationId, String> assignees) {
    long began = System.nanoTime();
    long[] read = new long[1];
    return store.openConversations()
        .thenCombine(holdBack.held(), (all, held) -> {
          read[0] = System.nanoTime();
          return all.stream().filter(c -> !held.contains(c.id())).toList();
        })
        .thenCompose(open -> actor.work(() -> {
          long queueing = System.nanoTime();
          List<Conversation> unclassified = core.restore(open, clock.instant());
          for (Conversation c : open) {
            Conversation restored = core.conversation(c.id());
            if (restored != null && restored.assignee() != null) {
              assignees.put(c.id(), restored.assignee());
            }
          }
          long done = System.nanoTime();
          log.info("Router restored {} open conversations ({} to classify): read in {} ms, waited {} ms for the "
              + "router thread, queued in {} ms", open.size(), unclassified.size(), (read[0] - began) / 1_000_000,
              (queueing - read[0]) / 1_000_000, (done - queueing) / 1_000_000);
          return unclassified;
        }))
        .thenAccept(unclassified -> unclassified.forEach(c -> classifyAndQueue(c, false, true)));
  }

  /** What the bus brings: queued conversations, places in line watched, messages added. */
  void onEvent(GatewayEvent e) {
    if (e instanceof GatewayEvent.ConversationQueued q) {
      classifyAndQueue(q.conversation(), q.newConversation() && !q.automated(), !q.automated());
    } else if (e instanceof GatewayEvent.QueueWatched w) {
      actor.work(() -> {
        core.watchPlace(w.conversationId(), w.watching(), clock.instant());
        return null;
      });
    } else if (e instanceof GatewayEvent.MessageAdded m) {
      // A writer batch publishes its messages back to back: one step of the router for all of them.
      actor.workInRun(() -> core.messageAdded(m.conversation(), m.message(), clock.instant()));
    }
  }

  /**
   * After a merge or an unmerge committed: reads each contact's conversations, then gives the router's
   * open copies their contact and sticky agent (see {@link Router#contactsChanged}).
   */
  CompletionStage<Void> contactsChanged(List<ContactId> contacts) {
    List<CompletableFuture<List<Conversation>>> reads = contacts.stream().distinct()
        .map(id -> store.conversations(ConversationQuery.all().contact(id).limit(50)).toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenCompose(v -> actor.work(() -> {
      Instant now = clock.instant();
      for (CompletableFuture<List<Conversation>> read : reads) {
        List<Conversation> history = read.join();
        core.contactChanged(history,
            Arrival.recentAgent(history.stream().map(Handled::of).toList(), core.policy(), now), now);
      }
      return null;
    }));
  }

  /**
   * Asks the hold-back first when {@code claimable} (a customer's message queued it): a held conversation
   * is neither queued nor auto-replied. Then reads what the rules need off the router thread, and
   * classifies and queues on it.
   */
  CompletionStage<Conversation> classifyAndQueue(Conversation c, boolean sendAutoReply, boolean claimable) {
    CompletionStage<Boolean> held = claimable ? holdBack.claim(c).exceptionally(err -> {
      log.error("Could not ask whether {} is held back; it is queued", c.id(), err);
      return false;
    }) : CompletableFuture.completedFuture(false);
    return held.thenCompose(h -> h ? CompletableFuture.completedFuture(c) : classifyAndQueue(c, sendAutoReply));
  }

  /** Reads what the rules need off the router thread, then classifies and queues on it. */
  CompletionStage<Conversation> classifyAndQueue(Conversation c, boolean sendAutoReply) {
    return Arrival.read(store, c)
        .thenCompose(arrival -> actor.work(() -> {
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
}
