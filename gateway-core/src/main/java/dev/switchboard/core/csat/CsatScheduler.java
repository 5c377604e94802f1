package dev.switchboard.core.csat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.CsatConfig;
import dev.switchboard.core.cluster.PassLoop;
import dev.switchboard.core.cluster.Singleton;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Ids;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.CsatSurveys;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks resolved conversations' customers for a score, a singleton of the leader. Every {@link #TICK} it asks
 * the store for resolutions at least {@code csat.delay} old and not asked about yet, and asks each
 * ({@link CsatSurveys#ask}: survey, message and outbox entry in one transaction, or nothing when the
 * conversation was reopened). The conversations table is the schedule (its {@code resolved_at}, and no survey
 * row for it), so a restart or a new leader loses no ask and makes none twice. Resolutions older than
 * {@code delay + window} are left alone: their answer would no longer be taken, and turning surveys on does
 * not ask about last year's conversations.
 */
public final class CsatScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CsatScheduler.class);
  /** How often due asks are looked for: an ask goes out at most this late. */
  static final Duration TICK = Duration.ofSeconds(1);
  /** Asks per pass; a full pass is followed by another at once. */
  static final int PASS_LIMIT = 100;

  private final ConversationStore store;
  private final Supplier<CsatConfig> config;
  private final CsatLinks links;
  private final EventBus events;
  private final Clock clock;
  private final CsatMetrics metrics;
  private PassLoop passes;

  CsatScheduler(ConversationStore store, Supplier<CsatConfig> config, CsatLinks links, EventBus events, Clock clock,
      MeterRegistry meters) {
    this.store = requireNonNull(store, "store");
    this.config = requireNonNull(config, "config");
    this.links = requireNonNull(links, "links");
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = new CsatMetrics(meters);
  }

  /** The scheduler as a leader's singleton: each term runs one over the term's fenced store. */
  public static Singleton singleton(Supplier<CsatConfig> config, CsatLinks links, EventBus events, Clock clock,
      MeterRegistry meters) {
    return term -> new CsatScheduler(term.store(), config, links, events, clock, meters).start();
  }

  CsatScheduler start() {
    passes = PassLoop.start("csat", TICK, PASS_LIMIT, this::runDue);
    return this;
  }

  /** Asks about the resolutions due now, one after another; completes with how many it looked at. */
  CompletionStage<Integer> runDue() {
    CsatConfig c = config.get();
    Set<Channel> channels = EnumSet.noneOf(Channel.class);
    for (Channel ch : Channel.values()) {
      if (c.asks(ch.key())) {
        channels.add(ch);
      }
    }
    if (channels.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    Instant now = clock.instant();
    Instant until = now.minus(c.delay());
    return store.csat().unasked(until.minus(c.window()), until, channels, PASS_LIMIT)
        .thenCompose(due -> PassLoop.oneByOne(due, r -> ask(r, c)));
  }

  private CompletionStage<Void> ask(CsatSurveys.Resolution r, CsatConfig c) {
    String id = Ids.next();
    String text = CsatAsk.text(r.channel(), c.question(), links, id);
    return store.csat().ask(id, r, clock.instant().plus(c.window()), text).thenCompose(asked -> {
      if (asked.isEmpty() || !asked.get().survey().id().equals(id)) {
        return CompletableFuture.<Void>completedFuture(null); // reopened meanwhile, or asked by an earlier pass
      }
      metrics.asked(r.channel(), asked.get().message().isEmpty());
      if (asked.get().message().isEmpty()) {
        log.info("CSAT survey of {} skipped: the customer opted out", r.conversationId());
        return CompletableFuture.<Void>completedFuture(null);
      }
      log.info("CSAT survey {} asked in {} on {}", id, r.conversationId(), r.channel().key());
      return store.conversation(r.conversationId()).thenAccept(conv -> conv.ifPresent(
          cv -> events.publish(new GatewayEvent.MessageAdded(cv, asked.get().message().get()))));
    }).exceptionally(err -> {
      // Not stored: the next pass finds the resolution unasked and tries again.
      log.warn("CSAT survey of {} could not be asked: {}", r.conversationId(), err.toString());
      return null;
    });
  }

  @Override
  public void close() {
    if (passes != null) {
      passes.close();
    }
  }
}
