package dev.switchboard.core.admin;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.Tags;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** {@code GET /api/conversations[?status=&tier=&channel=&tag=&limit=]} and {@code GET /api/conversations/{id}}. */
public final class ConversationsApi {

  private final ConversationStore store;
  private final AdminAuth auth;

  public ConversationsApi(ConversationStore store, AdminAuth auth) {
    this.store = requireNonNull(store, "store");
    this.auth = requireNonNull(auth, "auth");
  }

  public void mount(HttpRoutes routes) {
    routes.get("/api/conversations", this::list);
    routes.get("/api/conversations/{id}", this::one);
  }

  private CompletionStage<HttpResponse> list(HttpRequest request) {
    auth.require(request);
    ConversationQuery query = ConversationQuery.all();
    query = narrowed(query, request.queryParam("status").map(ConversationsApi::status), ConversationQuery::status);
    query = narrowed(query, request.queryParam("tier").filter(t -> !t.isBlank()), ConversationQuery::tier);
    query = narrowed(query, request.queryParam("channel").map(ConversationsApi::channel), ConversationQuery::channel);
    query = narrowed(query, request.intQueryParam("limit", 1, 1000), ConversationQuery::limit);
    query = narrowed(query, request.queryParam("tag").map(ConversationsApi::tag), ConversationQuery::tag);
    return store.conversations(query)
        .thenApplyAsync(found -> HttpResponse.json(200, Map.of("conversations", found)), request.workers());
  }

  private CompletionStage<HttpResponse> one(HttpRequest request) {
    auth.require(request);
    ConversationId id = new ConversationId(request.pathParam("id"));
    return store.conversation(id).thenCompose(found -> {
      Conversation c = found.orElseThrow(() -> HttpException.notFound("No conversation " + id + "."));
      CompletableFuture<List<Message>> messages = store.messages(id).toCompletableFuture();
      CompletableFuture<Optional<Contact>> contact = store.contacts().find(c.contactId()).toCompletableFuture();
      CompletableFuture<List<Conversation>> others = store.conversations(
          ConversationQuery.all().contact(c.contactId()).limit(50)).toCompletableFuture();
      return CompletableFuture.allOf(messages, contact, others).thenApplyAsync(done -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("conversation", c);
        body.put("messages", messages.join());
        body.put("contact", contact.join().orElse(null));
        body.put("otherConversations", others.join().stream().filter(o -> !o.id().equals(id)).toList());
        return HttpResponse.json(200, body);
      }, request.workers());
    });
  }

  /** {@code query} narrowed by {@code by} to the parameter's value, when the request gave one. */
  private static <T> ConversationQuery narrowed(ConversationQuery query, Optional<T> value,
      BiFunction<ConversationQuery, T, ConversationQuery> by) {
    return value.map(v -> by.apply(query, v)).orElse(query);
  }

  private static ConversationStatus status(String s) {
    try {
      return ConversationStatus.ofKey(s);
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest("invalid_parameter", "status: \"" + s + "\" is not one of "
          + Arrays.stream(ConversationStatus.values()).map(ConversationStatus::key).collect(Collectors.joining(", ")) + ".");
    }
  }

  private static Channel channel(String s) {
    try {
      return Channel.ofKey(s);
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest("invalid_parameter", "channel: \"" + s + "\" is not one of email, sms, chat.");
    }
  }

  private static String tag(String s) {
    try {
      return Tags.normalize(s);
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest("invalid_parameter", "tag: " + e.getMessage() + ".");
    }
  }
}
