package dev.switchboard.core.routing;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One agent as the router sees them: connection, presence, held and offered conversations. */
final class AgentSeat {

  AgentConfig config;
  boolean connected;
  Presence presence = Presence.AVAILABLE;
  Instant idleSince;
  Instant disconnectedAt;
  final Map<ConversationId, Channel> held = new LinkedHashMap<>();
  final Map<ConversationId, Channel> offered = new LinkedHashMap<>();

  AgentSeat(AgentConfig config, Instant now) {
    this.config = config;
    this.idleSince = now;
  }

  String id() {
    return config.id();
  }

  boolean available() {
    return connected && presence == Presence.AVAILABLE;
  }

  int capacity(Channel channel) {
    Integer c = config.capacity().get(channel.key());
    return c == null ? 0 : c;
  }

  /** Held and offered conversations on that channel: an offer reserves its place. */
  int load(Channel channel) {
    return count(held, channel) + count(offered, channel);
  }

  int totalLoad() {
    return held.size() + offered.size();
  }

  boolean hasRoom(Channel channel) {
    return load(channel) < capacity(channel);
  }

  boolean serves(String tier) {
    return config.tiers().isEmpty() || config.tiers().contains(tier);
  }

  boolean supervisor() {
    return Boolean.TRUE.equals(config.supervisor());
  }

  private static int count(Map<ConversationId, Channel> m, Channel channel) {
    int n = 0;
    for (Channel c : m.values()) {
      if (c == channel) {
        n++;
      }
    }
    return n;
  }
}
