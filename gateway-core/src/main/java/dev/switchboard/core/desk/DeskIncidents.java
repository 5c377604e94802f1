package dev.switchboard.core.desk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.incident.IncidentRequest;
import dev.switchboard.core.incident.IncidentRoom;
import dev.switchboard.core.incident.IncidentsApi;
import dev.switchboard.core.model.Incident;
import dev.switchboard.core.store.Incidents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The desk's incident frames, for supervisors only: {@code open_incident} (the body of
 * {@code POST /api/incidents}) → {@code incident_opened}, {@code incidents} → {@code incidents} (the open
 * ones with their counts), {@code incident_update} → {@code incident_updated}. Refusals are {@code error}
 * frames with the codes the API uses.
 */
final class DeskIncidents {

  private final AgentDesk desk;
  private final IncidentRoom room;
  private final Incidents incidents;

  DeskIncidents(AgentDesk desk, IncidentRoom room) {
    this.desk = requireNonNull(desk, "desk");
    this.room = requireNonNull(room, "room");
    this.incidents = desk.store.incidents();
  }

  void open(String agent, DeskFrame.OpenIncident f, DeskOut out) {
    if (!supervisor(agent, out)) {
      return;
    }
    IncidentRequest r;
    try {
      r = IncidentRequest.read(Json.read(f.json()), desk.clock.instant());
    } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
      out.error("invalid_incident", e.getMessage());
      return;
    }
    room.open(r.title(), r.match(), r.statusText(), agent).whenComplete((opening, err) -> {
      if (err != null) {
        out.error("internal", "the incident could not be opened; try again");
      } else if (opening instanceof IncidentRoom.Opening.TooMany t) {
        out.error("too_many_conversations", "the match finds " + t.count() + " open conversations, more than "
            + t.max() + "; nothing was linked");
      } else {
        IncidentRoom.Opening.Opened o = (IncidentRoom.Opening.Opened) opening;
        ObjectNode frame = Json.mapper().createObjectNode().put("type", "incident_opened");
        frame.set("incident", Json.mapper().valueToTree(IncidentsApi.json(o.incident())));
        frame.put("matched", o.matched());
        out.frame(frame);
      }
    });
  }

  void list(String agent, DeskOut out) {
    if (!supervisor(agent, out)) {
      return;
    }
    incidents.incidents(true).thenCompose(open -> {
      List<CompletableFuture<Map<String, Object>>> views = new ArrayList<>();
      for (Incident i : open) {
        views.add(incidents.counts(i.id()).toCompletableFuture().thenApply(counts -> {
          Map<String, Object> view = new LinkedHashMap<>(IncidentsApi.json(i));
          view.put("linked", counts.values().stream().mapToInt(Incidents.ChannelCounts::linked).sum());
          view.put("waiting", counts.values().stream().mapToInt(Incidents.ChannelCounts::waiting).sum());
          return view;
        }));
      }
      return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
          .thenApply(v -> views.stream().map(CompletableFuture::join).toList());
    }).whenComplete((views, err) -> {
      if (err != null) {
        out.error("internal", "the incidents could not be read; try again");
      } else {
        ObjectNode frame = Json.mapper().createObjectNode().put("type", "incidents");
        frame.set("incidents", Json.mapper().valueToTree(views));
        out.frame(frame);
      }
    });
  }

  void post(String agent, DeskFrame.PostIncidentUpdate u, DeskOut out) {
    if (!supervisor(agent, out)) {
      return;
    }
    room.post(u.incidentId(), u.text(), agent, u.resolve()).whenComplete((posting, err) -> {
      if (err != null) {
        out.error("internal", "the update could not be stored; try again");
      } else if (posting.posted() instanceof Incidents.Posted.Unknown) {
        out.error("not_found", "no incident " + u.incidentId());
      } else if (posting.posted() instanceof Incidents.Posted.Resolved) {
        out.error("incident_resolved", "incident " + u.incidentId() + " is resolved; it takes no more updates");
      } else {
        IncidentRoom.Queued q = posting.queued().orElseThrow();
        out.frame(Json.mapper().createObjectNode().put("type", "incident_updated").put("incidentId", u.incidentId())
            .put("updateId", ((Incidents.Posted.Accepted) posting.posted()).update().id())
            .put("final", u.resolve()).put("queued", q.queued()).put("optedOut", q.optedOut()));
      }
    });
  }

  private boolean supervisor(String agent, DeskOut out) {
    boolean yes = desk.agent(agent).map(AgentConfig::supervisor).map(Boolean.TRUE::equals).orElse(false);
    if (!yes) {
      out.error("forbidden", "only supervisors handle incidents");
    }
    return yes;
  }
}
