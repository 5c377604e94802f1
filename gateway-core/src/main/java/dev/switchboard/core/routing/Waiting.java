package dev.switchboard.core.routing;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation in the queue. It keeps its place (its queue key: arrival order, queue time, deadline)
 * while it is offered, so a declined or expired offer puts it back exactly where it was.
 */
final class Waiting {

  final ConversationId id;
  final Channel channel;
  final long arrival;
  final Instant queuedAt;
  String tier;
  int rank;
  Instant deadline;
  List<String> skills;
  boolean widened;
  int escalations;
  Duration escalationBase;
  String sticky;
  /** Agents who declined it or let the offer expire, and when. */
  final Map<String, Instant> declinedBy = new HashMap<>();
  String offeredTo;
  Instant offerExpires;
  /** Its place in the queue, set by the strategy each time it is filed. */
  QueueKey key;
  /** When the strategy said its key changes next, or null. */
  Instant refileAt;

  Waiting(ConversationId id, Channel channel, long arrival, Instant queuedAt) {
    this.id = id;
    this.channel = channel;
    this.arrival = arrival;
    this.queuedAt = queuedAt;
  }

  QueueKey key() {
    return key;
  }
}
