package dev.switchboard.core.routing;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One agent as the router sees them: connection, presence, held and offered conversations. Only
 * {@link Seats} changes a seat, so the matching index hears of every change.
 */
final class AgentSeat {

  private AgentConfig config;
  private boolean connected;
  private Presence presence = Presence.AVAILABLE;
  private Instant idleSince;
  private Instant disconnectedAt;
  private final Map<ConversationId, Channel> held = new LinkedHashMap<>();
  private final Map<ConversationId, Channel> offered = new LinkedHashMap<>();
  private final Map<Channel, Integer> load = new EnumMap<>(Channel.class);

  AgentSeat(AgentConfig config, Instant now) {
    this.config = config;
    this.idleSince = now;
  }

  String id() {
    return config.id();
  }

  AgentConfig config() {
    return config;
  }

  boolean connected() {
    return connected;
  }

  Presence presence() {
    return presence;
  }

  Instant idleSince() {
    return idleSince;
  }

  Instant disconnectedAt() {
    return disconnectedAt;
  }

  Set<ConversationId> held() {
    return Collections.unmodifiableSet(held.keySet());
  }

  Set<ConversationId> offered() {
    return Collections.unmodifiableSet(offered.keySet());
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
    return load.getOrDefault(channel, 0);
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

  // ---- changes, made by Seats only ----

  void reconfigure(AgentConfig c) {
    config = c;
  }

  void connection(boolean c, Instant disconnectedSince) {
    connected = c;
    disconnectedAt = disconnectedSince;
  }

  void changePresence(Presence p) {
    presence = p;
  }

  void markIdle(Instant t) {
    idleSince = t;
  }

  void offer(ConversationId id, Channel channel) {
    if (offered.put(id, channel) == null) {
      load.merge(channel, 1, Integer::sum);
    }
  }

  boolean withdraw(ConversationId id) {
    Channel c = offered.remove(id);
    if (c != null) {
      load.merge(c, -1, Integer::sum);
    }
    return c != null;
  }

  void hold(ConversationId id, Channel channel) {
    if (held.put(id, channel) == null) {
      load.merge(channel, 1, Integer::sum);
    }
  }

  boolean unhold(ConversationId id) {
    Channel c = held.remove(id);
    if (c != null) {
      load.merge(c, -1, Integer::sum);
    }
    return c != null;
  }
}
