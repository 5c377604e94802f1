package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Incident;
import dev.switchboard.core.model.IncidentMatch;
import dev.switchboard.core.model.IncidentUpdate;
import dev.switchboard.core.model.Message;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Incidents in the store: their links to conversations and the messages their updates became. The writes
 * that change what the router may route ({@link #link}, {@link #release}, {@link #post}, {@link #deliver})
 * are leader-only (fenced in a cluster). A large incident is linked and sent to in chunks of at most
 * {@link #CHUNK} conversations, one transaction each, so that no write holds the group writer long; a chunk
 * is read with a few queries and written with a few JDBC batches, not conversation by conversation. Every
 * message carries the update's {@link IncidentUpdate#clientId}, so a chunk run twice stores nothing twice.
 */
public interface Incidents {

  /** How many incidents a list shows at most. */
  int LIST_LIMIT = 200;

  /** The most conversations one write links or sends to. */
  int CHUNK = 500;

  /** What a match finds: how many open conversations, and the first of them (as many as asked). */
  record Found(int count, List<ConversationId> ids) {
    public Found {
      ids = List.copyOf(ids);
    }
  }

  /** A message stored for a linked conversation, with the conversation (for the events after the commit). */
  record Sent(Conversation conversation, Message message) {}

  /** What {@link #link} did: the conversations linked now, and the status answers stored (not to an opted-out SMS). */
  record Linked(List<Conversation> conversations, List<Sent> sent) {}

  /**
   * What {@link #deliver} did: the messages stored, how many went to no one because the customer opted out
   * of SMS, and for the last update the conversations resolved and those sent back to the queue (their
   * customer wrote after the last update).
   */
  record Delivered(List<Sent> sent, int optedOut, List<Conversation> resolved, List<Conversation> released) {}

  /** What {@link #post} did. */
  sealed interface Posted {
    /** Stored; its messages follow through {@link #deliver}. */
    record Accepted(IncidentUpdate update) implements Posted {}

    /** The incident is resolved: nothing stored. */
    record Resolved(Incident incident) implements Posted {}

    /** No such incident. */
    record Unknown() implements Posted {}
  }

  /** One channel's share of an incident: conversations linked ever and now, and its messages by delivery state. */
  record ChannelCounts(int linked, int waiting, Map<DeliveryStatus, Integer> messages) {
    public ChannelCounts {
      requireNonNull(messages, "messages");
      messages = Map.copyOf(messages);
    }
  }

  /** Open conversations the match finds that no open incident holds; ids of the first {@code limit}. */
  CompletionStage<Found> openMatching(IncidentMatch match, int limit);

  /** Stores a new incident. */
  CompletionStage<Incident> create(Incident incident);

  /**
   * Links conversations to an open incident, tags each {@code incident:<id>} and answers each with the
   * incident's status text (not an SMS whose customer opted out). A conversation another open incident
   * holds, or that is resolved, is skipped; one linked already is not answered twice.
   */
  CompletionStage<Linked> link(Incident incident, List<ConversationId> conversations);

  CompletionStage<Optional<Incident>> incident(String id);

  /** The newest incidents first, at most {@link #LIST_LIMIT}; only open ones when {@code openOnly}. */
  CompletionStage<List<Incident>> incidents(boolean openOnly);

  /** Every conversation an open incident holds, with that incident's id. */
  CompletionStage<Map<ConversationId, String>> held();

  /** The conversations the incident links now. */
  CompletionStage<List<ConversationId>> linked(String incidentId);

  /** Ends a link (the customer wrote something else); the conversation when the link ended now. */
  CompletionStage<Optional<Conversation>> release(String incidentId, ConversationId id);

  /**
   * Stores an update (and for the last one resolves the incident) unless the incident is resolved; a
   * plain update's text also answers conversations linked from now on.
   */
  CompletionStage<Posted> post(IncidentUpdate update);

  /**
   * Stores the update's message in each of {@code conversations} that is linked, through the outbox; for
   * the last update also resolves each waiting one, or sends it back to the queue (link ended) when its
   * customer wrote after the update before. With {@code done}, marks the update stored in full.
   */
  CompletionStage<Delivered> deliver(IncidentUpdate update, List<ConversationId> conversations, boolean done);

  /** An incident's updates, oldest first. */
  CompletionStage<List<IncidentUpdate>> updates(String incidentId);

  /** Updates not stored in full (cut off by a stop): the next leader finishes them. */
  CompletionStage<List<IncidentUpdate>> unfinishedUpdates();

  /** The incident's conversations and messages by channel. */
  CompletionStage<Map<Channel, ChannelCounts>> counts(String incidentId);
}
