package dev.switchboard.core.followup;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.cluster.PassLoop;
import dev.switchboard.core.cluster.Singleton;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.FollowUps;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends follow-ups when they fall due, a singleton of the leader. Every {@link #TICK} it asks the store for
 * the due ones and fires each ({@link FollowUps#fire}: sent through the outbox, or dropped when the customer
 * wrote since it was scheduled). The table is the schedule, so a restart or a new leader loses none; one
 * due while no node ran is fired, late, at the next start. It also drops a conversation's follow-ups as
 * soon as the customer writes, so the agent sees it then rather than at the due time; the check at
 * {@code fire} is the one that counts, this is only early news.
 */
public final class FollowUpScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FollowUpScheduler.class);
  /** How often due follow-ups are looked for: a follow-up is sent at most this late. */
  static final Duration TICK = Duration.ofSeconds(1);
  /** Follow-ups fired per pass; a full pass is followed by another at once. */
  static final int PASS_LIMIT = 100;

  private final ConversationStore store;
  private final FollowUps followUps;
  private final EventBus events;
  private final Clock clock;
  private final FollowUpMetrics metrics;
  private final Set<ConversationId> watched = ConcurrentHashMap.newKeySet();
  private PassLoop passes;
  private AutoCloseable subscription;

  FollowUpScheduler(ConversationStore store, EventBus events, Clock clock, MeterRegistry meters) {
    this.store = requireNonNull(store, "store");
    this.followUps = store.followUps();
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = new FollowUpMetrics(meters);
  }

  /** The scheduler as a leader's singleton: each term runs one over the term's fenced store. */
  public static Singleton singleton(EventBus events, Clock clock, MeterRegistry meters) {
    return term -> new FollowUpScheduler(term.store(), events, clock, meters).start();
  }

  /** Subscribes to the bus, learns which conversations have follow-ups, and starts the ticks. */
  FollowUpScheduler start() {
    subscription = events.subscribe(this::onEvent);
    followUps.conversationsWithScheduled().whenComplete((ids, err) -> {
      if (err != null) {
        log.warn("Could not read the conversations with follow-ups; they are dropped at their due time: {}",
            err.toString());
      } else {
        watched.addAll(ids);
      }
    });
    passes = PassLoop.start("follow-ups", TICK, PASS_LIMIT, this::runDue);
    return this;
  }

  /** Fires the follow-ups due now, one after another; completes with how many it fired. */
  CompletionStage<Integer> runDue() {
    return followUps.due(clock.instant(), PASS_LIMIT)
        .thenCompose(due -> PassLoop.oneByOne(due, this::fire));
  }

  private CompletionStage<Void> fire(FollowUp f) {
    return followUps.fire(f.id()).thenCompose(fired -> {
      FollowUp now = fired.followUp();
      if (now.status() == f.status()) {
        return CompletableFuture.<Void>completedFuture(null); // closed meanwhile by someone else: nothing to tell
      }
      metrics.count(now.status());
      events.publish(new GatewayEvent.FollowUpChanged(now));
      if (fired.message().isEmpty()) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      log.info("Follow-up {} by {} sent in {} as message {}", now.id(), now.author(), now.conversationId(),
          fired.message().get().id());
      return store.conversation(now.conversationId()).thenAccept(c -> c.ifPresent(
          conv -> events.publish(new GatewayEvent.MessageAdded(conv, fired.message().get()))));
    }).exceptionally(err -> {
      // Left scheduled: the next pass tries again (the message's clientId makes a second attempt harmless).
      log.warn("Follow-up {} could not be fired: {}", f.id(), err.toString());
      return null;
    });
  }

  private void onEvent(GatewayEvent e) {
    if (e instanceof GatewayEvent.FollowUpChanged changed) {
      // Early news only (the check at fire counts): a second follow-up of the conversation may lose it.
      if (changed.followUp().scheduled()) {
        watched.add(changed.followUp().conversationId());
      } else {
        watched.remove(changed.followUp().conversationId());
      }
    } else if (e instanceof GatewayEvent.MessageAdded added && added.message().direction() == Direction.IN
        && watched.contains(added.message().conversationId())) {
      dropFor(added.message().conversationId());
    }
  }

  private void dropFor(ConversationId id) {
    followUps.dropAfterCustomerMessage(id).whenComplete((dropped, err) -> {
      if (err != null) {
        log.warn("Could not drop the follow-ups of {} now; they are dropped at their due time: {}", id,
            err.toString());
        return;
      }
      for (FollowUp f : dropped) {
        metrics.count(f.status());
        events.publish(new GatewayEvent.FollowUpChanged(f));
      }
    });
  }

  @Override
  public void close() throws Exception {
    if (passes != null) {
      passes.close();
    }
    if (subscription != null) {
      subscription.close();
    }
  }
}
