package dev.switchboard.core.incident;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Incident;
import dev.switchboard.core.model.IncidentMatch;
import dev.switchboard.core.model.IncidentUpdate;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.routing.HoldBack;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Incidents;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open incidents of one term of leadership, beside the router: it opens incidents (linking what their
 * match finds), holds their conversations back from the queue ({@link HoldBack}), links each new
 * conversation that matches, lets one go back to the queue when its customer writes something the incident
 * does not match, and posts updates. Opening, claiming, letting go and posting run one after another
 * ({@link SerialStages}), so a conversation that arrives while an incident opens is linked once or queued
 * once, never both. The store is the truth; the maps here are the term's copy, rebuilt at {@link #start}.
 */
public final class IncidentRoom implements HoldBack, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IncidentRoom.class);

  /** What {@link #open} did. */
  public sealed interface Opening {
    /** Opened, with {@code matched} conversations linked. */
    record Opened(Incident incident, int matched) implements Opening {}

    /** The match found {@code count} open conversations, more than {@code max}: nothing opened or linked. */
    record TooMany(int count, int max) implements Opening {}
  }

  /** What an update became: messages queued, and conversations skipped because the customer opted out of SMS. */
  public record Queued(int queued, int optedOut) {}

  /** What {@link #post} did: the store's answer, and for an accepted update the messages it became. */
  public record Posting(Incidents.Posted posted, Optional<Queued> queued) {}

  private record Open(Incident incident, Pattern pattern) {}

  private final Incidents incidents;
  private final ConversationStore store;
  private final EventBus events;
  private final Clock clock;
  private final Supplier<Router> router;
  private final IntSupplier maxConversations;
  private final IncidentMetrics metrics;
  private final IncidentSends sends;
  private final SerialStages serial = new SerialStages();
  private final Map<String, Open> open = new ConcurrentHashMap<>();
  private final Map<ConversationId, String> held = new ConcurrentHashMap<>();
  private AutoCloseable subscription;
  private volatile boolean loaded;

  /** {@code router} is the term's router once it runs; {@code maxConversations} is read at each opening. */
  public IncidentRoom(ConversationStore store, EventBus events, Clock clock, MeterRegistry meters,
      Supplier<Router> router, IntSupplier maxConversations) {
    this.store = requireNonNull(store, "store");
    this.incidents = store.incidents();
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.router = requireNonNull(router, "router");
    this.maxConversations = requireNonNull(maxConversations, "maxConversations");
    this.metrics = new IncidentMetrics(meters);
    this.sends = new IncidentSends(incidents, events, router, metrics);
  }

  /** Reads the open incidents and their conversations, and follows the bus. */
  public CompletionStage<IncidentRoom> start() {
    subscription = events.subscribe(this::onEvent);
    return serial.then(() -> incidents.incidents(true).thenCombine(incidents.held(), (list, links) -> {
      list.forEach(i -> open.put(i.id(), new Open(i, i.match().pattern())));
      held.putAll(links);
      loaded = true;
      log.info("Incidents: {} open, holding {} conversations", open.size(), held.size());
      return this;
    }));
  }

  /** Finishes the updates a stop cut off (call once the router runs: a final one may queue conversations). */
  public CompletionStage<Void> finishCutOffUpdates() {
    return serial.then(() -> incidents.unfinishedUpdates().thenCompose(unfinished -> {
      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
      for (IncidentUpdate u : unfinished) {
        chain = chain.thenCompose(v -> sendAndForget(u)).thenApply(q -> null);
      }
      return chain;
    }));
  }

  /** The metrics, for the API's refusals. */
  IncidentMetrics metrics() {
    return metrics;
  }

  /**
   * Opens an incident and links the open conversations its match finds (each tagged, answered with
   * {@code statusText}, taken out of the queue if it waits there), unless it finds more than the limit.
   */
  public CompletionStage<Opening> open(String title, IncidentMatch match, String statusText, String by) {
    return serial.then(() -> {
      int max = maxConversations.getAsInt();
      return incidents.openMatching(match, max).thenCompose(found -> {
        if (found.count() > max) {
          metrics.refused(IncidentMetrics.Refusal.TOO_MANY);
          return CompletableFuture.<Opening>completedFuture(new Opening.TooMany(found.count(), max));
        }
        Incident incident = Incident.open(title, match, statusText, by, clock.instant());
        return incidents.create(incident).thenCompose(created -> {
          open.put(created.id(), new Open(created, match.pattern()));
          metrics.opened();
          log.info("Incident {} opened by {}: \"{}\", {} conversations match", created.id(), by, title, found.count());
          return linkAll(created, found.ids());
        }).thenApply(n -> new Opening.Opened(incident, n));
      });
    });
  }

  private CompletionStage<Integer> linkAll(Incident incident, List<ConversationId> ids) {
    CompletionStage<Integer> chain = CompletableFuture.completedFuture(0);
    for (int from = 0; from < ids.size(); from += Incidents.CHUNK) {
      List<ConversationId> chunk = ids.subList(from, Math.min(ids.size(), from + Incidents.CHUNK));
      chain = chain.thenCompose(n -> link(incident, chunk).thenApply(linked -> n + linked));
    }
    return chain;
  }

  /** Links a chunk, takes each linked conversation out of the queue, and publishes the answers. */
  private CompletionStage<Integer> link(Incident incident, List<ConversationId> ids) {
    return incidents.link(incident, ids).thenCompose(linked -> {
      Router r = router.get();
      List<CompletableFuture<Boolean>> withdrawn = new ArrayList<>();
      for (Conversation c : linked.conversations()) {
        held.put(c.id(), incident.id());
        if (r != null) {
          withdrawn.add(r.withdraw(c.id()).toCompletableFuture());
        }
      }
      for (Incidents.Sent s : linked.sent()) {
        events.publish(new GatewayEvent.MessageAdded(s.conversation(), s.message()));
      }
      metrics.linked(linked.conversations().size());
      metrics.messages(linked.sent().size());
      return CompletableFuture.allOf(withdrawn.toArray(CompletableFuture[]::new))
          .thenApply(v -> linked.conversations().size());
    });
  }

  /** Posts an update to every linked conversation, or with {@code last} the final message and resolves the incident. */
  public CompletionStage<Posting> post(String incidentId, String text, String by, boolean last) {
    IncidentUpdate update = IncidentUpdate.post(incidentId, text, last, by, clock.instant());
    return serial.then(() -> incidents.post(update).thenCompose(posted -> {
      if (!(posted instanceof Incidents.Posted.Accepted)) {
        metrics.refused(posted instanceof Incidents.Posted.Resolved ? IncidentMetrics.Refusal.RESOLVED
            : IncidentMetrics.Refusal.UNKNOWN);
        return CompletableFuture.completedFuture(new Posting(posted, Optional.empty()));
      }
      Open o = open.get(incidentId);
      if (last) {
        open.remove(incidentId);
      } else if (o != null) {
        Incident i = o.incident();
        open.put(incidentId, new Open(new Incident(i.id(), i.title(), i.match(), i.status(), text, i.createdBy(),
            i.createdAt(), i.resolvedAt()), o.pattern()));
      }
      return sendAndForget(update).thenApply(q -> new Posting(posted, Optional.of(q)));
    }));
  }

  /** Sends the update; after the final one, the incident holds nothing more. */
  private CompletionStage<Queued> sendAndForget(IncidentUpdate update) {
    return sends.send(update, held::remove).thenApply(q -> {
      if (update.last()) {
        held.values().removeIf(update.incidentId()::equals);
      }
      return q;
    });
  }

  // ---- hold-back ----

  @Override
  public CompletionStage<Boolean> claim(Conversation c) {
    if (loaded && open.isEmpty()) {
      return CompletableFuture.completedFuture(false); // (before the load, the claim waits for it below)
    }
    return serial.then(() -> store.messages(c.id()).thenCompose(messages -> claimNow(c, messages)));
  }

  /** Still held (a reopened one whose new message matches), or linked now to the oldest open incident that matches. */
  private CompletionStage<Boolean> claimNow(Conversation c, List<Message> messages) {
    String holder = held.get(c.id());
    if (holder != null && open.containsKey(holder)) {
      Message latest = latestFromCustomer(messages);
      if (latest == null || matches(open.get(holder), c, latest)) {
        return CompletableFuture.completedFuture(true);
      }
      return letGo(holder, c.id()).thenApply(v -> false);
    }
    Optional<Open> match = open.values().stream()
        .filter(o -> o.incident().match().channels().contains(c.channel()))
        .filter(o -> messages.stream().anyMatch(m -> m.direction() == Direction.IN
            && !m.createdAt().isBefore(o.incident().match().since()) && matches(o, c, m)))
        .min(Comparator.comparing(o -> o.incident().id()));
    if (match.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    return link(match.get().incident(), List.of(c.id())).thenApply(n -> n > 0);
  }

  private static boolean matches(Open o, Conversation c, Message m) {
    return o.pattern().matcher(m.text()).find() || c.subject() != null && o.pattern().matcher(c.subject()).find();
  }

  private static Message latestFromCustomer(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).direction() == Direction.IN) {
        return messages.get(i);
      }
    }
    return null;
  }

  @Override
  public CompletionStage<Set<ConversationId>> held() {
    return serial.then(() -> CompletableFuture.completedFuture(Set.copyOf(held.keySet())));
  }

  /** A customer wrote in a held conversation: something the incident does not match sends it to the queue. */
  private void onEvent(GatewayEvent e) {
    if (e instanceof GatewayEvent.MessageAdded added && added.message().direction() == Direction.IN
        && held.containsKey(added.message().conversationId())) {
      ConversationId id = added.message().conversationId();
      serial.then(() -> {
        String holder = held.get(id);
        Open o = holder == null ? null : open.get(holder);
        if (o == null || matches(o, added.conversation(), added.message())) {
          return CompletableFuture.completedFuture(null);
        }
        return letGo(holder, id).thenAccept(released -> released.ifPresent(sends::requeue));
      }).whenComplete((v, err) -> {
        if (err != null) {
          log.error("Could not let {} go from its incident", id, err);
        }
      });
    }
  }

  /** Ends the link in the store; the conversation when it ended now. */
  private CompletionStage<Optional<Conversation>> letGo(String incidentId, ConversationId id) {
    return incidents.release(incidentId, id).thenApply(released -> {
      held.remove(id);
      released.ifPresent(c -> {
        metrics.released(1);
        log.info("Conversation {} leaves incident {}: the customer wrote something else", id, incidentId);
      });
      return released;
    });
  }

  @Override
  public void close() throws Exception {
    if (subscription != null) {
      subscription.close();
    }
  }
}
