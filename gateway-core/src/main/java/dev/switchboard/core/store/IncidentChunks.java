package dev.switchboard.core.store;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Incident;
import dev.switchboard.core.model.IncidentUpdate;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.Tags;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * What one {@link Incidents#link} or {@link Incidents#deliver} write does to its chunk of conversations,
 * inside the writer's transaction, a set at a time ({@link IncidentBatchRows}): the chunk is read in a few
 * queries, decided on in memory, and written in a few batches. It decides exactly as one conversation at a
 * time did: the same rows, the same answers, and a chunk run again (after a stop, by the next leader) finds
 * the messages of the first run and stores none twice.
 */
final class IncidentChunks {

  private IncidentChunks() {}

  /** Links the open conversations of {@code ids} no open incident holds; tags and answers each (not an opted-out SMS). */
  static Incidents.Linked link(Connection c, Incident incident, List<ConversationId> ids, Instant now)
      throws SQLException {
    List<ConversationId> chunk = distinct(ids);
    Map<ConversationId, Conversation> found = IncidentBatchRows.conversations(c, chunk);
    Set<ConversationId> held = IncidentBatchRows.held(c, chunk);
    // gone, resolved meanwhile, or another incident's (or linked already)
    List<ConversationId> linking = chunk.stream()
        .filter(id -> found.containsKey(id) && found.get(id).status().isOpen() && !held.contains(id)).toList();
    IncidentBatchRows.insertLinks(c, incident.id(), linking, now);
    String tag = JdbcIncidents.tagOf(incident.id());
    // at most 20 tags: a full conversation is linked untagged
    List<ConversationId> tagging = linking.stream().map(found::get)
        .filter(conv -> !conv.tags().contains(tag) && conv.tags().size() < Tags.MAX_PER_CONVERSATION)
        .map(Conversation::id).toList();
    IncidentBatchRows.addTag(c, tagging, tag, ConversationStore.SYSTEM_AUTHOR, now);
    Map<ConversationId, Conversation> linked = IncidentBatchRows.conversations(c, linking);
    Set<ConversationId> optedOut = IncidentBatchRows.smsOptedOut(c, linking);
    String clientId = "incident:" + incident.id() + ":status";
    List<ConversationId> answering = linking.stream().filter(id -> !optedOut.contains(id)).toList();
    Set<ConversationId> answered = IncidentBatchRows.withMessage(c, answering, ConversationStore.SYSTEM_AUTHOR, clientId);
    List<Conversation> unanswered = answering.stream().filter(id -> !answered.contains(id)).map(linked::get).toList();
    Map<ConversationId, Message> stored = new HashMap<>();
    for (Message m : AgentMessages.queueAll(c, unanswered, ConversationStore.SYSTEM_AUTHOR, incident.statusText(),
        clientId, now)) {
      stored.put(m.conversationId(), m);
    }
    List<Incidents.Sent> sent = new ArrayList<>(answering.size());
    for (ConversationId id : answering) {
      // one linked again after its link ended has the answer stored the first time
      Message m = answered.contains(id) ? MessageRows.byClientId(c, id, ConversationStore.SYSTEM_AUTHOR, clientId)
          .orElseThrow() : stored.get(id);
      sent.add(new Incidents.Sent(linked.get(id), m));
    }
    return new Incidents.Linked(linking.stream().map(linked::get).toList(), sent);
  }

  /**
   * Stores the update's message in each conversation of {@code ids} the incident links now and that does
   * not hold it yet (not to an opted-out SMS); for the last update, resolves each waiting one, or ends its
   * link when its customer wrote since the update before ({@code before}, or since it was linked).
   */
  static Incidents.Delivered deliver(Connection c, IncidentUpdate update, List<ConversationId> ids, Instant before,
      boolean done, Instant now) throws SQLException {
    List<ConversationId> chunk = distinct(ids);
    Map<ConversationId, Instant> linkedAt = IncidentBatchRows.linkedAt(c, update.incidentId(), chunk);
    // one released meanwhile (the customer wrote something else) is not linked
    List<ConversationId> linked = chunk.stream().filter(linkedAt::containsKey).toList();
    Map<ConversationId, Conversation> convs = IncidentBatchRows.conversations(c, linked);
    for (ConversationId id : linked) {
      if (!convs.containsKey(id)) {
        throw new NoSuchElementException("no conversation " + id);
      }
    }
    Set<ConversationId> optedOut = IncidentBatchRows.smsOptedOut(c, linked);
    List<ConversationId> reaching = linked.stream().filter(id -> !optedOut.contains(id)).toList();
    // (a chunk run again after a stop finds its messages: neither stored, counted nor published twice)
    Set<ConversationId> has = IncidentBatchRows.withMessage(c, reaching, ConversationStore.SYSTEM_AUTHOR,
        update.clientId());
    List<Conversation> sending = reaching.stream().filter(id -> !has.contains(id)).map(convs::get).toList();
    List<Message> stored = AgentMessages.queueAll(c, sending, ConversationStore.SYSTEM_AUTHOR, update.text(),
        update.clientId(), now);
    List<Incidents.Sent> sent = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      sent.add(new Incidents.Sent(sending.get(i), stored.get(i)));
    }
    List<Conversation> resolved = new ArrayList<>();
    List<Conversation> released = new ArrayList<>();
    if (update.last()) {
      List<ConversationId> waiting = linked.stream()
          .filter(id -> convs.get(id).status() == ConversationStatus.QUEUED).toList();
      Map<ConversationId, Instant> wrote = IncidentBatchRows.customerLastWrote(c, waiting);
      List<ConversationId> releasing = new ArrayList<>();
      List<ConversationId> resolving = new ArrayList<>();
      for (ConversationId id : waiting) {
        Instant since = before == null || before.isBefore(linkedAt.get(id)) ? linkedAt.get(id) : before;
        Instant last = wrote.get(id);
        (last != null && last.isAfter(since) ? releasing : resolving).add(id);
      }
      IncidentBatchRows.release(c, update.incidentId(), releasing, now);
      releasing.forEach(id -> released.add(convs.get(id)));
      Set<ConversationId> resolvedNow = IncidentBatchRows.resolveWaiting(c, resolving, now);
      List<ConversationId> resolvedIds = resolving.stream().filter(resolvedNow::contains).toList();
      Map<ConversationId, Conversation> after = IncidentBatchRows.conversations(c, resolvedIds);
      resolvedIds.forEach(id -> resolved.add(after.get(id)));
    }
    IncidentRows.countQueued(c, update.id(), sent.size(), done ? now : null);
    return new Incidents.Delivered(sent, optedOut.size(), resolved, released);
  }

  private static List<ConversationId> distinct(List<ConversationId> ids) {
    return List.copyOf(new LinkedHashSet<>(ids));
  }
}
