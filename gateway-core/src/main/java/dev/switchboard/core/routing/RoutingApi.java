package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The routing admin API: {@code GET /api/queue}, {@code GET /api/agents} and {@code POST
 * /api/conversations} (proactive outreach). Every endpoint requires the admin token.
 */
public final class RoutingApi {

  private final Router router;
  private final ConversationStore store;
  private final EventBus events;
  private final AdminAuth auth;
  private final Supplier<GatewayConfig> config;

  public RoutingApi(Router router, ConversationStore store, EventBus events, AdminAuth auth,
      Supplier<GatewayConfig> config) {
    this.router = requireNonNull(router, "router");
    this.store = requireNonNull(store, "store");
    this.events = requireNonNull(events, "events");
    this.auth = requireNonNull(auth, "auth");
    this.config = requireNonNull(config, "config");
  }

  public void mount(HttpRoutes routes) {
    routes.get("/api/queue", this::queue);
    routes.get("/api/agents", this::agents);
    routes.post("/api/conversations", auth::require, this::start);
  }

  /**
   * {@code GET /api/queue[?limit=N]}: every waiting conversation by tier, in the order they will be offered, and
   * the total; with {@code limit}, only the first N in that order (the total still counts all). The router
   * sorts the whole queue for the first form; for the second it keeps the N best in one pass
   * ({@link Router#queueHead}), which is what a dashboard that shows the head of a 100,000-long queue wants.
   */
  private CompletionStage<HttpResponse> queue(HttpRequest request) {
    auth.require(request);
    Optional<Integer> limit = request.intQueryParam("limit", 0, Integer.MAX_VALUE);
    CompletionStage<QueueView.Head> waiting = limit.isPresent()
        ? router.queueHead(limit.get())
        : router.queue().thenApply(all -> new QueueView.Head(all.size(), all));
    // The router completes on its own thread; the answer is built on ours, so routing never waits for JSON.
    return waiting.thenCombineAsync(router.tiers(), (head, tierNames) -> {
      Map<String, List<QueueView.Entry>> byTier = new LinkedHashMap<>();
      for (String tier : tierNames) {
        byTier.put(tier, new ArrayList<>());
      }
      for (QueueView.Entry e : head.first()) {
        byTier.computeIfAbsent(e.tier(), t -> new ArrayList<>()).add(e);
      }
      List<Map<String, Object>> tiers = new ArrayList<>();
      byTier.forEach((tier, entries) -> tiers.add(Map.of("tier", tier, "waiting", entries)));
      return HttpResponse.json(200, Map.of(
          "strategy", config.get().routing().strategy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          "total", head.total(), "tiers", tiers));
    }, request.workers());
  }

  private CompletionStage<HttpResponse> agents(HttpRequest request) {
    auth.require(request);
    return router.agents().thenApplyAsync(agents -> HttpResponse.json(200, Map.of("agents", agents)), request.workers());
  }

  /** Opens (or finds the open) conversation to {@code to} on {@code channel} and sends {@code text} through the outbox. */
  private CompletionStage<HttpResponse> start(HttpRequest request) throws Exception {
    auth.require(request);
    JsonNode body;
    try {
      body = Json.read(request.body().asString(StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw HttpException.badRequest("bad_json", "the body is not JSON");
    }
    Channel channel = channel(body.path("channel").asText(""));
    String to = required(body, "to");
    String text = required(body, "text");
    String agent = body.path("agent").asText(null);
    String subject = body.path("subject").asText(null);
    if (agent != null && config.get().agents().stream().noneMatch(a -> a.id().equals(agent))) {
      throw HttpException.badRequest("unknown_agent", "no agent " + agent);
    }
    Identity identity = identity(channel, to);
    String idempotencyKey = request.header("idempotency-key").filter(k -> !k.isBlank()).orElse(null);
    String threadKey = threadKey(channel, identity, idempotencyKey);
    String clientId = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
    return store.contacts().resolve(identity, null)
        .thenCompose(contact -> store.conversations(ConversationQuery.all().contact(contact.id()).channel(channel).limit(100))
            .thenCompose(found -> {
              Optional<Conversation> open = found.stream()
                  .filter(c -> c.status().isOpen() && c.threadKey().equals(threadKey)).findFirst();
              if (open.isPresent()) {
                return CompletableFuture.completedFuture(new Started(open.get(), false));
              }
              return store.openConversation(contact.id(), channel, threadKey, subject, identity)
                  .thenCompose(c -> router.route(c, agent))
                  .thenApply(c -> new Started(c, true));
            }))
        .thenCompose(started -> store.appendAgentMessage(started.conversation().id(), Direction.OUT,
                agent != null ? agent : "admin", text, clientId)
            .thenCompose(m -> {
              events.publish(new GatewayEvent.MessageAdded(started.conversation(), m));
              return store.conversation(started.conversation().id()).thenApply(latest -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("conversation", latest.orElse(started.conversation()));
                out.put("messageId", m.id().value());
                out.put("created", started.created());
                return HttpResponse.json(started.created() ? 201 : 200, out);
              });
            }));
  }

  /** The conversation a proactive message goes into, and whether this request opened it. */
  private record Started(Conversation conversation, boolean created) {}

  /** The channel's thread key; a new e-mail thread per request, the same one for a retried request. */
  private String threadKey(Channel channel, Identity to, String idempotencyKey) {
    return switch (channel) {
      case SMS -> {
        var sms = config.get().channels().sms();
        if (sms == null || sms.numbers().isEmpty()) {
          throw new HttpException(409, "channel_disabled", "no SMS number is configured to send from");
        }
        yield sms.numbers().get(0) + "|" + to.value();
      }
      case CHAT -> to.value();
      case EMAIL -> "<proactive-" + (idempotencyKey != null ? idempotencyKey : UUID.randomUUID()) + "@switchboard>";
    };
  }

  private static Identity identity(Channel channel, String to) {
    try {
      return switch (channel) {
        case EMAIL -> Identity.email(to);
        case SMS -> Identity.phone(to);
        case CHAT -> Identity.chatVisitor(to);
      };
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest("bad_address", "`to`: " + e.getMessage());
    }
  }

  private static Channel channel(String key) {
    try {
      return Channel.ofKey(key);
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest("bad_channel", "`channel` must be email, sms or chat, got `" + key + "`");
    }
  }

  private static String required(JsonNode body, String field) {
    String v = body.path(field).asText("");
    if (v.isBlank()) {
      throw HttpException.badRequest("bad_request", "`" + field + "` is required");
    }
    return v;
  }
}
