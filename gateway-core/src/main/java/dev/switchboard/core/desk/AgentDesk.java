package dev.switchboard.core.desk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.CannedReplyConfig;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.WebSocketHandler;
import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.routing.Router;
import dev.switchboard.core.routing.RoutingDecision;
import dev.switchboard.core.contacts.ContactMerges;
import dev.switchboard.core.store.ContactStore;
import dev.switchboard.core.search.Searches;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent desk: the {@code /agent/ws} websocket. It turns the router's decisions and the bus's events
 * into frames on each agent's {@link AgentLine}, and agents' frames into router commands and outbox
 * writes ({@link DeskConnection}).
 */
public final class AgentDesk implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AgentDesk.class);

  /**
   * How long and how many sent frames are kept for a reconnecting desk's {@code resumeAfter}, the limits on
   * a desk's frames, and how often at most the team view is read ({@code teamInterval}).
   */
  public record Settings(Duration retention, int maxFrames, int maxFrameBytes, int maxTextLength,
      Duration authTimeout, Duration teamInterval) {
    public Settings {
      requireNonNull(retention, "retention");
      requireNonNull(authTimeout, "authTimeout");
      requireNonNull(teamInterval, "teamInterval");
    }

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(5), 1000, 64 * 1024, 20_000, Duration.ofSeconds(10),
          RoutingConfig.DEFAULT_TEAM_VIEW_INTERVAL);
    }

    /** How long a new connection has to send {@code auth} before it is closed (4408). */
    public Settings withAuthTimeout(Duration timeout) {
      return new Settings(retention, maxFrames, maxFrameBytes, maxTextLength, timeout, teamInterval);
    }

    /** The shortest time between two reads of the router's state for the {@code team} and {@code queue} frames. */
    public Settings withTeamInterval(Duration interval) {
      return new Settings(retention, maxFrames, maxFrameBytes, maxTextLength, authTimeout, interval);
    }
  }

  final Router router;
  final ConversationStore store;
  final EventBus events;
  final Clock clock;
  final Settings settings;
  final DeskFrameParser frames;
  final ContactFrames contactFrames;
  final DeskSearch search;
  final DeskTags tags;
  final TeamFeed team;
  private final MeterRegistry meters;
  private final Supplier<List<AgentConfig>> agents;
  private final AgentTokens tokens;
  private final Map<String, AgentLine> lines = new ConcurrentHashMap<>();
  private final AutoCloseable subscription;
  private volatile CannedReplies cannedReplies = new CannedReplies(List.of());
  final DeskFollowUps followUps;
  final DeskIncidents incidents;

  public AgentDesk(Router router, ConversationStore store, EventBus events, Clock clock, MeterRegistry meters,
      Supplier<List<AgentConfig>> agents, Settings settings, ContactStore contacts, ContactMerges merges,
      dev.switchboard.core.incident.IncidentRoom incidentRoom) {
    this.router = requireNonNull(router, "router");
    this.store = requireNonNull(store, "store");
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.meters = requireNonNull(meters, "meters");
    this.agents = requireNonNull(agents, "agents");
    this.tokens = new AgentTokens(agents);
    this.settings = requireNonNull(settings, "settings");
    this.frames = new DeskFrameParser(settings.maxTextLength());
    this.contactFrames = new ContactFrames(requireNonNull(contacts, "contacts"), requireNonNull(merges, "merges"));
    this.followUps = new DeskFollowUps(this, new dev.switchboard.core.followup.FollowUpMetrics(meters));
    this.search = new DeskSearch(this, new Searches(store, meters, Searches.DEFAULT_MAX_IN_FLIGHT));
    this.tags = new DeskTags(this);
    this.incidents = new DeskIncidents(this, incidentRoom);
    router.listen(this::onDecision);
    this.team = new TeamFeed(this, router, id -> agent(id).map(a -> Boolean.TRUE.equals(a.supervisor())).orElse(false),
        settings.teamInterval());
    router.subscribe(team::onDecision);
    this.subscription = events.subscribe(this::onEvent);
  }

  /**
   * Stops following the bus (the term ended: a new leadership builds its own desk); the router it follows
   * is closed by its owner.
   */
  @Override
  public void close() {
    team.close();
    try {
      subscription.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop following the bus", e);
    }
  }

  /** Mounts {@code /agent/ws}. */
  public void mount(HttpRoutes routes) {
    routes.webSocket("/agent/ws", new WebSocketHandler() {
      @Override
      public WebSocketListener open(WebSocketSession session, HttpRequest upgradeRequest) {
        return new DeskConnection(AgentDesk.this, session);
      }

      @Override
      public int maxFrameBytes() {
        return settings.maxFrameBytes();
      }
    });
  }

  /**
   * Makes {@code replies} the canned replies in force (at start and on each config reload) and, when
   * they changed, sends each agent's line a {@code canned_replies} frame with the agent's new list. The
   * list is set before the frames are numbered, so a desk signing in meanwhile gets the new list either
   * in its {@code ready} or as a frame after it.
   */
  public void applyCannedReplies(List<CannedReplyConfig> replies) {
    if (cannedReplies.all().equals(replies)) {
      return;
    }
    cannedReplies = new CannedReplies(replies);
    for (AgentLine l : lines.values()) {
      agent(l.agent()).ifPresent(a -> l.broadcast(Frames.cannedReplies(cannedReplies.forAgent(a))));
    }
  }

  /** The config changed (tiers, agents): the desks' {@code team} and {@code queue} frames are made again. */
  public void configChanged() {
    team.changed();
  }

  CannedReplies cannedReplies() {
    return cannedReplies;
  }

  /** The canned replies {@code agent}'s desk lists. */
  List<CannedReplyConfig> cannedRepliesFor(String agent) {
    return agent(agent).map(cannedReplies::forAgent).orElse(List.of());
  }

  AgentLine line(String agent) {
    return lines.computeIfAbsent(agent, a -> new AgentLine(a, clock, settings.retention(), settings.maxFrames()));
  }

  /** The agent whose {@code tokenSha256} is the SHA-256 of {@code token}. */
  Optional<AgentConfig> authenticate(String token) {
    return tokens.find(token);
  }

  Optional<AgentConfig> agent(String id) {
    return agents.get().stream().filter(a -> a.id().equals(id)).findFirst();
  }

  void countError(String code) {
    Counter.builder("switchboard.desk.errors").description("Agent desk frames refused with an error")
        .tag("code", code).register(meters).increment();
  }

  /** The conversation with its messages, contact and the contact's other conversations, as {@code type}; one store read. */
  CompletionStage<ObjectNode> withHistory(String type, Conversation c) {
    return store.view(c, 50).thenCombine(store.csat().ofConversation(c.id()), (v, surveys) -> {
      ObjectNode frame = Frames.withHistory(type, c, v.messages(), v.contact().orElse(null), v.otherConversations());
      frame.set("csat", CsatFrames.list(surveys));
      return frame;
    });
  }

  /**
   * Each frame waits for the commit of the routing change it reports ({@code saved}) before it is built:
   * an agent never holds an assignment that a leader killed before its save would lose. A frame whose
   * change was not saved is dropped (logged by the line).
   */
  private void onDecision(RoutingDecision d, CompletionStage<Void> saved) {
    if (d instanceof RoutingDecision.Offer o) {
      Conversation c = o.conversation();
      line(o.agent()).offerLater(c.id(), () -> saved.thenCompose(v -> store.view(c, 0)).thenApply(
          v -> Frames.offer(c, v.contact().orElse(null), preview(v.messages()), o.expiresAt())));
    } else if (d instanceof RoutingDecision.OfferRevoked r) {
      line(r.agent()).broadcastLater(() -> saved.thenApply(
          v -> Frames.offerRevoked(r.conversationId(), r.reason().key())));
    } else if (d instanceof RoutingDecision.Assign a) {
      line(a.agent()).broadcastLater(() -> saved.thenCompose(v -> withHistory("assigned", a.conversation())));
    } else if (d instanceof RoutingDecision.Release r) {
      line(r.agent()).broadcastLater(() -> saved.thenApply(
          v -> Frames.conversationUpdated(r.conversation(), r.reason().key())));
    } else if (d instanceof RoutingDecision.SlaWarning w) {
      for (AgentConfig a : agents.get()) {
        if (Boolean.TRUE.equals(a.supervisor())) {
          line(a.id()).broadcastLater(() -> CompletableFuture.completedFuture(Frames.slaWarning(w)));
        }
      }
    }
  }

  private void onEvent(GatewayEvent e) {
    if (e instanceof GatewayEvent.MessageAdded m) {
      toAssignee(m.message().conversationId(), () -> Frames.message(m.message()));
    } else if (e instanceof GatewayEvent.ConversationUpdated u) {
      toAssignee(u.conversation().id(), () -> PushedFrame.of(Frames.conversationUpdated(u.conversation(), null)));
    } else if (e instanceof GatewayEvent.DeliveryUpdated d) {
      toAssignee(d.conversationId(), () -> PushedFrame.of(Frames.delivery(d.conversationId(), d.messageId().value(),
          d.status().name().toLowerCase(Locale.ROOT), d.detail())));
    } else if (e instanceof GatewayEvent.FollowUpChanged f) {
      line(f.followUp().author()).broadcastLater(() -> CompletableFuture.completedFuture(
          Frames.followUpUpdated(f.followUp())));
    } else if (e instanceof GatewayEvent.CsatAnswered a) {
      csatAnswered(a);
    } else if (e instanceof GatewayEvent.CustomerTyping t) {
      String agent = router.assignee(t.conversationId());
      if (agent != null) {
        line(agent).pushTransient(Frames.typing(t.conversationId())); // stale once missed: not kept for resume
      }
    }
  }

  /** The score goes to the agent who held the conversation when it was asked, and to whoever holds it now. */
  private void csatAnswered(GatewayEvent.CsatAnswered a) {
    store.csat().find(a.surveyId()).whenComplete((found, err) -> {
      if (err != null) {
        log.warn("CSAT answer {} could not be read for the desk: {}", a.surveyId(), err.toString());
        return;
      }
      found.ifPresent(survey -> {
        java.util.Set<String> agents = new java.util.LinkedHashSet<>();
        survey.agent().ifPresent(agents::add);
        String now = router.assignee(a.conversationId());
        if (now != null) {
          agents.add(now);
        }
        ObjectNode frame = CsatFrames.answered(survey);
        agents.forEach(agent -> line(agent).broadcastLater(() -> CompletableFuture.completedFuture(frame.deepCopy())));
      });
    });
  }

  private void toAssignee(ConversationId id, Supplier<PushedFrame> frame) {
    String agent = router.assignee(id);
    if (agent != null) {
      line(agent).broadcastNext(frame);
    }
  }

  private static String preview(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).direction() == Direction.IN) {
        String t = messages.get(i).text();
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
      }
    }
    return "";
  }
}
