package dev.switchboard.core.routing;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Read-only views of the router's state for the admin API and the gauges. */
public final class QueueView {

  private QueueView() {}

  /** A waiting conversation; {@code offeredTo} and {@code expiresAt} are null when no offer is out. */
  public record Entry(ConversationId conversationId, String tier, Channel channel, Instant queuedAt,
      Instant deadline, String offeredTo, Instant expiresAt, boolean widened) {}

  /**
   * The head of the queue: the {@code first} waiting conversations in the order they will be offered (at most
   * the number asked for) and the {@code total} waiting, offered or not.
   */
  public record Head(int total, List<Entry> first) {

    public Head {
      first = List.copyOf(first);
    }

    public static final Head EMPTY = new Head(0, List.of());
  }

  /** An agent's presence and load per channel (held conversations plus open offers). */
  public record Agent(String id, String name, boolean connected, String presence, Map<String, Integer> load,
      Map<String, Integer> capacity, List<ConversationId> conversations, int offers, Instant idleSince) {}

  static Agent agent(AgentSeat s) {
    Map<String, Integer> load = new TreeMap<>();
    for (Channel c : Channel.values()) {
      load.put(c.key(), s.load(c));
    }
    return new Agent(s.id(), s.config().name(), s.connected(), s.connected() ? s.presence().key() : "offline", load,
        new TreeMap<>(s.config().capacity()), List.copyOf(s.held()), s.offered().size(), s.idleSince());
  }
}
