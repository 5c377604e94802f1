package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Incident;
import dev.switchboard.core.model.IncidentMatch;
import dev.switchboard.core.model.IncidentUpdate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link Incidents} over the store's group writer, reader pool and fence (like {@link JdbcFollowUps}). */
final class JdbcIncidents implements Incidents {

  private final GroupCommitWriter writer;
  private final JdbcDeliveries.Reads reads;
  private final JdbcDeliveries.Fence fence;
  private final Clock clock;

  JdbcIncidents(GroupCommitWriter writer, JdbcDeliveries.Reads reads, JdbcDeliveries.Fence fence, Clock clock) {
    this.writer = requireNonNull(writer, "writer");
    this.reads = requireNonNull(reads, "reads");
    this.fence = requireNonNull(fence, "fence");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<Found> openMatching(IncidentMatch match, int limit) {
    requireNonNull(match, "match");
    return reads.read(c -> IncidentLinkRows.openMatching(c, match, limit));
  }

  @Override
  public CompletionStage<Incident> create(Incident incident) {
    requireNonNull(incident, "incident");
    return writer.submit("createIncident", fence.leaderOnly("createIncident", c -> {
      IncidentRows.insert(c, incident);
      return incident;
    }));
  }

  @Override
  public CompletionStage<Linked> link(Incident incident, List<ConversationId> conversations) {
    requireNonNull(incident, "incident");
    List<ConversationId> ids = List.copyOf(conversations);
    return writer.submit("linkIncident", fence.leaderOnly("linkIncident",
        c -> IncidentChunks.link(c, incident, ids, clock.instant())));
  }

  /** The tag a linked conversation carries. */
  static String tagOf(String incidentId) {
    return "incident:" + incidentId.toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public CompletionStage<Optional<Incident>> incident(String id) {
    requireNonNull(id, "id");
    return reads.read(c -> IncidentRows.byId(c, id));
  }

  @Override
  public CompletionStage<List<Incident>> incidents(boolean openOnly) {
    return reads.read(c -> IncidentRows.list(c, openOnly, LIST_LIMIT));
  }

  @Override
  public CompletionStage<Map<ConversationId, String>> held() {
    return reads.read(IncidentLinkRows::heldByOpen);
  }

  @Override
  public CompletionStage<List<ConversationId>> linked(String incidentId) {
    requireNonNull(incidentId, "incidentId");
    return reads.read(c -> IncidentLinkRows.linked(c, incidentId));
  }

  @Override
  public CompletionStage<Optional<Conversation>> release(String incidentId, ConversationId id) {
    requireNonNull(incidentId, "incidentId");
    requireNonNull(id, "id");
    return writer.submit("releaseIncidentLink", fence.leaderOnly("releaseIncidentLink", c ->
        IncidentLinkRows.release(c, incidentId, id, clock.instant()) ? ConversationRows.byId(c, id)
            : Optional.<Conversation>empty()));
  }

  @Override
  public CompletionStage<Posted> post(IncidentUpdate update) {
    requireNonNull(update, "update");
    return writer.submit("postIncidentUpdate", fence.leaderOnly("postIncidentUpdate", c -> {
      Optional<Incident> incident = IncidentRows.byId(c, update.incidentId());
      if (incident.isEmpty()) {
        return new Posted.Unknown();
      }
      if (!incident.get().isOpen()) {
        return new Posted.Resolved(incident.get());
      }
      IncidentRows.insertUpdate(c, update);
      if (update.last()) {
        IncidentRows.resolve(c, update.incidentId(), update.createdAt());
      } else {
        IncidentRows.statusText(c, update.incidentId(), update.text());
      }
      return new Posted.Accepted(update);
    }));
  }

  @Override
  public CompletionStage<Delivered> deliver(IncidentUpdate update, List<ConversationId> conversations, boolean done) {
    requireNonNull(update, "update");
    List<ConversationId> ids = List.copyOf(conversations);
    return writer.submit("deliverIncidentUpdate", fence.leaderOnly("deliverIncidentUpdate", c -> {
      Instant before = update.last() ? updateBefore(c, update) : null;
      return IncidentChunks.deliver(c, update, ids, before, done, clock.instant());
    }));
  }

  /** When the last plain update before {@code last} was posted (null when there was none). */
  private static Instant updateBefore(Connection c, IncidentUpdate last) throws SQLException {
    Instant before = null;
    for (IncidentUpdate u : IncidentRows.updatesOf(c, last.incidentId())) {
      if (!u.last() && u.createdAt().isBefore(last.createdAt()) && (before == null || u.createdAt().isAfter(before))) {
        before = u.createdAt();
      }
    }
    return before;
  }

  @Override
  public CompletionStage<List<IncidentUpdate>> updates(String incidentId) {
    requireNonNull(incidentId, "incidentId");
    return reads.read(c -> IncidentRows.updatesOf(c, incidentId));
  }

  @Override
  public CompletionStage<List<IncidentUpdate>> unfinishedUpdates() {
    return reads.read(IncidentRows::unfinished);
  }

  @Override
  public CompletionStage<Map<Channel, ChannelCounts>> counts(String incidentId) {
    requireNonNull(incidentId, "incidentId");
    return reads.read(c -> {
      Map<Channel, int[]> links = IncidentLinkRows.linkCounts(c, incidentId);
      Map<Channel, Map<DeliveryStatus, Integer>> messages = IncidentLinkRows.deliveryCounts(c, incidentId);
      Map<Channel, ChannelCounts> out = new EnumMap<>(Channel.class);
      for (Channel ch : Channel.values()) {
        int[] l = links.getOrDefault(ch, new int[2]);
        Map<DeliveryStatus, Integer> m = messages.getOrDefault(ch, Map.of());
        if (l[0] > 0 || !m.isEmpty()) {
          out.put(ch, new ChannelCounts(l[0], l[1], m));
        }
      }
      return out;
    });
  }
}
