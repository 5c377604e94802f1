package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Incident;
import dev.switchboard.core.model.IncidentMatch;
import dev.switchboard.core.model.IncidentUpdate;
import dev.switchboard.core.model.Message;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    return writer.submit("linkIncident", fence.leaderOnly("linkIncident", c -> {
      Instant now = clock.instant();
      List<Conversation> linked = new ArrayList<>();
      List<Sent> sent = new ArrayList<>();
      TagChange tag = new TagChange(Set.of(tagOf(incident.id())), Set.of(), ConversationStore.SYSTEM_AUTHOR);
      for (ConversationId id : ids) {
        Optional<Conversation> found = ConversationRows.byId(c, id);
        if (found.isEmpty() || !found.get().status().isOpen() || IncidentLinkRows.held(c, id)) {
          continue; // gone, resolved meanwhile, or another incident's (or linked already)
        }
        IncidentLinkRows.insert(c, incident.id(), id, now);
        TagRows.apply(c, id, tag, now); // at most 20 tags: a full conversation is linked untagged
        Conversation conv = ConversationRows.require(c, id);
        linked.add(conv);
        if (!IncidentLinkRows.smsOptedOut(c, id)) {
          Message m = AgentMessages.append(c, id, Direction.OUT, ConversationStore.SYSTEM_AUTHOR,
              incident.statusText(), "incident:" + incident.id() + ":status", DeliveryStatus.QUEUED, now);
          sent.add(new Sent(conv, m));
        }
      }
      return new Linked(linked, sent);
    }));
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
      Instant now = clock.instant();
      Instant before = update.last() ? updateBefore(c, update) : null;
      List<Sent> sent = new ArrayList<>();
      List<Conversation> resolved = new ArrayList<>();
      List<Conversation> released = new ArrayList<>();
      int optedOut = 0;
      for (ConversationId id : ids) {
        Instant linkedAt = IncidentLinkRows.linkedAt(c, update.incidentId(), id);
        if (linkedAt == null) {
          continue; // released meanwhile: the customer wrote something else
        }
        Conversation conv = ConversationRows.require(c, id);
        if (IncidentLinkRows.smsOptedOut(c, id)) {
          optedOut++;
        } else if (MessageRows.byClientId(c, id, ConversationStore.SYSTEM_AUTHOR, update.clientId()).isEmpty()) {
          // (a chunk run again after a stop finds its message: neither stored, counted nor published twice)
          sent.add(new Sent(conv, AgentMessages.append(c, id, Direction.OUT, ConversationStore.SYSTEM_AUTHOR,
              update.text(), update.clientId(), DeliveryStatus.QUEUED, now)));
        }
        if (update.last() && conv.status() == ConversationStatus.QUEUED) {
          Instant since = before == null || before.isBefore(linkedAt) ? linkedAt : before;
          if (FollowUpRows.customerWroteAfter(c, id, since)) {
            IncidentLinkRows.release(c, update.incidentId(), id, now);
            released.add(conv);
          } else if (IncidentLinkRows.resolveWaiting(c, id, now)) {
            resolved.add(ConversationRows.require(c, id));
          }
        }
      }
      IncidentRows.countQueued(c, update.id(), sent.size(), done ? now : null);
      return new Delivered(sent, optedOut, resolved, released);
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
