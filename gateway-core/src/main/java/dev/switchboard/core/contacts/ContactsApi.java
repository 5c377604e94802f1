package dev.switchboard.core.contacts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.store.ContactDetail;
import dev.switchboard.core.store.ContactQuery;
import dev.switchboard.core.store.ContactStore;
import dev.switchboard.core.store.MergeOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The contacts admin API (admin token): {@code GET /api/contacts/{id}} and {@code GET /api/contacts?q=}
 * on every node ({@link #mountReads}); {@code POST /api/contacts/{id}/merge} and {@code .../unmerge} where
 * the router runs ({@link #mountWrites}), so that its state follows the merge at once.
 */
public final class ContactsApi {

  /** The conversations a contact's detail lists (newest first). */
  static final int CONVERSATIONS_SHOWN = 200;
  static final int DEFAULT_PAGE = 25;

  private final ContactStore contacts;
  private final AdminAuth auth;

  public ContactsApi(ContactStore contacts, AdminAuth auth) {
    this.contacts = requireNonNull(contacts, "contacts");
    this.auth = requireNonNull(auth, "auth");
  }

  public void mountReads(HttpRoutes routes) {
    routes.get("/api/contacts", this::search);
    routes.get("/api/contacts/{id}", this::one);
  }

  public void mountWrites(HttpRoutes routes, ContactMerges merges) {
    requireNonNull(merges, "merges");
    routes.post("/api/contacts/{id}/merge", auth::require, request -> merge(request, merges));
    routes.post("/api/contacts/{id}/unmerge", auth::require, request -> unmerge(request, merges));
  }

  private CompletionStage<HttpResponse> one(HttpRequest request) {
    auth.require(request);
    ContactId id = new ContactId(request.pathParam("id"));
    return contacts.detail(id, CONVERSATIONS_SHOWN).thenApplyAsync(found -> {
      ContactDetail d = found.orElseThrow(() -> HttpException.notFound("No contact " + id + "."));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("contact", d.contact());
      body.put("mergedInto", d.mergedInto());
      body.put("conversations", d.conversations());
      body.put("merges", d.merges());
      return HttpResponse.json(200, body);
    }, request.workers());
  }

  private CompletionStage<HttpResponse> search(HttpRequest request) {
    auth.require(request);
    String q = request.queryParam("q").orElse("");
    if (q.strip().length() > ContactQuery.MAX_TEXT) {
      throw HttpException.badRequest("query_too_long", "q: " + q.length() + " characters (at most "
          + ContactQuery.MAX_TEXT + ").");
    }
    int limit = request.intQueryParam("limit", 1, ContactQuery.MAX_LIMIT).orElse(DEFAULT_PAGE);
    ContactId after = request.queryParam("after").filter(a -> !a.isBlank()).map(ContactId::new).orElse(null);
    return contacts.search(new ContactQuery(q, after, limit)).thenApplyAsync(page -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("contacts", page.contacts());
      body.put("next", page.next());
      return HttpResponse.json(200, body);
    }, request.workers());
  }

  private CompletionStage<HttpResponse> merge(HttpRequest request, ContactMerges merges) throws IOException {
    ContactId into = new ContactId(request.pathParam("id"));
    ContactId from = new ContactId(required(body(request), "from"));
    return merges.merge(into, from, "admin").thenApply(outcome -> answer(outcome, "moved"));
  }

  private CompletionStage<HttpResponse> unmerge(HttpRequest request, ContactMerges merges) throws IOException {
    ContactId into = new ContactId(request.pathParam("id"));
    String mergeId = required(body(request), "mergeId");
    return merges.unmerge(into, mergeId, "admin").thenApply(outcome -> answer(outcome, "movedBack"));
  }

  /** 200 with the merge and what moved, or the refusal's status with its code. */
  static HttpResponse answer(MergeOutcome outcome, String movedName) {
    if (outcome instanceof MergeOutcome.Refused r) {
      throw new HttpException(r.reason().status(), r.reason().key(), r.message());
    }
    MergeOutcome.Done done = (MergeOutcome.Done) outcome;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("merge", done.merge());
    body.put(movedName, done.moved());
    if (movedName.equals("movedBack")) {
      body.put("kept", done.kept());
    }
    return HttpResponse.json(200, body);
  }

  private static JsonNode body(HttpRequest request) throws IOException {
    try {
      JsonNode node = Json.read(request.body().asString(StandardCharsets.UTF_8));
      if (node == null || !node.isObject()) {
        throw HttpException.badRequest("bad_request", "the body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw HttpException.badRequest("bad_json", "the body is not JSON");
    }
  }

  private static String required(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw HttpException.badRequest("bad_request", "`" + field + "` (a string) is required");
    }
    return v.asText().strip();
  }
}
