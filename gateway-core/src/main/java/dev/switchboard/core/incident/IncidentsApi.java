package dev.switchboard.core.incident;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Incident;
import dev.switchboard.core.store.Incidents;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The incidents admin API (admin token): {@code POST /api/incidents}, {@code GET /api/incidents[/{id}]},
 * {@code POST /api/incidents/{id}/updates} and {@code POST /api/incidents/{id}/resolve}. Mounted in the
 * leader's term beside the router (a follower passes the requests on).
 */
public final class IncidentsApi {

  private final IncidentRoom room;
  private final Incidents incidents;
  private final AdminAuth auth;
  private final Clock clock;

  public IncidentsApi(IncidentRoom room, Incidents incidents, AdminAuth auth, Clock clock) {
    this.room = requireNonNull(room, "room");
    this.incidents = requireNonNull(incidents, "incidents");
    this.auth = requireNonNull(auth, "auth");
    this.clock = requireNonNull(clock, "clock");
  }

  public void mount(HttpRoutes routes) {
    routes.post("/api/incidents", auth::require, this::open);
    routes.get("/api/incidents", this::list);
    routes.get("/api/incidents/{id}", this::one);
    routes.post("/api/incidents/{id}/updates", auth::require, request -> post(request, false));
    routes.post("/api/incidents/{id}/resolve", auth::require, request -> post(request, true));
  }

  private CompletionStage<HttpResponse> open(HttpRequest request) throws Exception {
    auth.require(request);
    IncidentRequest r;
    try {
      r = IncidentRequest.read(body(request), clock.instant());
    } catch (IllegalArgumentException e) {
      room.metrics().refused(IncidentMetrics.Refusal.INVALID_MATCH);
      throw HttpException.badRequest("invalid_incident", e.getMessage());
    }
    return room.open(r.title(), r.match(), r.statusText(), "admin").thenApply(opening -> {
      if (opening instanceof IncidentRoom.Opening.TooMany t) {
        return HttpResponse.error(400, "too_many_conversations", "The match finds " + t.count()
            + " open conversations, more than routing.incidentMaxConversations (" + t.max()
            + "); nothing was linked. Narrow the match (text, channels or since).");
      }
      IncidentRoom.Opening.Opened o = (IncidentRoom.Opening.Opened) opening;
      return HttpResponse.json(201, Map.of("id", o.incident().id(), "matched", o.matched()));
    });
  }

  private CompletionStage<HttpResponse> list(HttpRequest request) {
    auth.require(request);
    boolean openOnly = request.queryParam("status").map(s -> {
      if (!s.equals("open")) {
        throw HttpException.badRequest("invalid_parameter", "status: only \"open\" filters the list");
      }
      return true;
    }).orElse(false);
    return incidents.incidents(openOnly).thenApplyAsync(list -> HttpResponse.json(200,
        Map.of("incidents", list.stream().map(IncidentsApi::json).toList())), request.workers());
  }

  private CompletionStage<HttpResponse> one(HttpRequest request) {
    auth.require(request);
    String id = request.pathParam("id");
    return incidents.incident(id).thenCompose(found -> {
      Incident incident = found.orElseThrow(() -> HttpException.notFound("No incident " + id + "."));
      CompletableFuture<Map<dev.switchboard.core.model.Channel, Incidents.ChannelCounts>> counts =
          incidents.counts(id).toCompletableFuture();
      CompletableFuture<List<dev.switchboard.core.model.IncidentUpdate>> updates =
          incidents.updates(id).toCompletableFuture();
      return CompletableFuture.allOf(counts, updates).thenApplyAsync(v -> {
        Map<String, Object> body = json(incident);
        Map<String, Object> byChannel = new LinkedHashMap<>();
        counts.join().forEach((channel, c) -> {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("linked", c.linked());
          one.put("waiting", c.waiting());
          Map<String, Integer> messages = new LinkedHashMap<>();
          c.messages().forEach((status, n) -> messages.put(status.key(), n));
          one.put("messages", messages);
          byChannel.put(channel.key(), one);
        });
        body.put("channels", byChannel);
        body.put("updates", updates.join().stream().map(u -> {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("id", u.id());
          one.put("text", u.text());
          one.put("final", u.last());
          one.put("createdBy", u.createdBy());
          one.put("createdAt", u.createdAt());
          one.put("queued", u.queued());
          one.put("storedAt", u.storedAt().orElse(null));
          return one;
        }).toList());
        return HttpResponse.json(200, body);
      }, request.workers());
    });
  }

  private CompletionStage<HttpResponse> post(HttpRequest request, boolean last) throws Exception {
    auth.require(request);
    String id = request.pathParam("id");
    String text;
    try {
      text = IncidentRequest.updateText(body(request));
    } catch (IllegalArgumentException e) {
      room.metrics().refused(IncidentMetrics.Refusal.INVALID_TEXT);
      throw HttpException.badRequest("invalid_update", e.getMessage());
    }
    return room.post(id, text, "admin", last).thenApply(posting -> {
      if (posting.posted() instanceof Incidents.Posted.Unknown) {
        return HttpResponse.error(404, "not_found", "No incident " + id + ".");
      }
      if (posting.posted() instanceof Incidents.Posted.Resolved) {
        return HttpResponse.error(409, "incident_resolved", "Incident " + id + " is resolved; it takes no more "
            + "updates.");
      }
      IncidentRoom.Queued q = posting.queued().orElseThrow();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("queued", q.queued());
      out.put("optedOut", q.optedOut());
      out.put("updateId", ((Incidents.Posted.Accepted) posting.posted()).update().id());
      return HttpResponse.json(202, out);
    });
  }

  /** An incident as JSON (also the desk's). */
  public static Map<String, Object> json(Incident i) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", i.id());
    out.put("title", i.title());
    out.put("status", i.status().key());
    Map<String, Object> match = new LinkedHashMap<>();
    match.put("text", i.match().text());
    match.put("channels", i.match().channels().stream().map(c -> c.key()).sorted().toList());
    match.put("since", i.match().since());
    out.put("match", match);
    out.put("statusText", i.statusText());
    out.put("createdBy", i.createdBy());
    out.put("createdAt", i.createdAt());
    out.put("resolvedAt", i.resolvedAt().orElse(null));
    return out;
  }

  private static JsonNode body(HttpRequest request) throws Exception {
    try {
      JsonNode body = Json.read(request.body().asString(StandardCharsets.UTF_8));
      if (body == null || !body.isObject()) {
        throw HttpException.badRequest("bad_json", "the body is not a JSON object");
      }
      return body;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw HttpException.badRequest("bad_json", "the body is not JSON");
    }
  }
}
