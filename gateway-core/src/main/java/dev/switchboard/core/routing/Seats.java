package dev.switchboard.core.routing;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.Timers.DisconnectGrace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents' seats and their lifecycle: connection, presence, grace after a disconnect, what each holds
 * and is offered. Every change is told to the {@link Matching}, which indexes seats with free capacity.
 */
final class Seats {

  private final Map<String, AgentSeat> byId = new LinkedHashMap<>();
  private final Matching matching;
  private final Timers timers;

  Seats(Collection<AgentConfig> agents, Instant now, Matching matching, Timers timers) {
    this.matching = matching;
    this.timers = timers;
    for (AgentConfig a : agents) {
      add(a, now);
    }
  }

  AgentSeat get(String agent) {
    return byId.get(agent);
  }

  Collection<AgentSeat> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  void connect(AgentSeat s, Instant now) {
    s.connection(true, null);
    if (s.held().isEmpty()) {
      s.markIdle(now);
    }
    matching.seatChanged(s);
  }

  /** The agent's last desk closed: their held work waits one {@code grace} period for them. */
  void disconnect(AgentSeat s, Instant now, Duration grace) {
    s.connection(false, now);
    timers.at(now.plus(grace), new DisconnectGrace(s.id()));
    matching.seatChanged(s);
  }

  /** The seat whose grace period has ended by {@code now} with the agent still away, or null. */
  AgentSeat graceOver(String agent, Instant now, Duration grace) {
    AgentSeat s = byId.get(agent);
    if (s == null || s.connected() || s.disconnectedAt() == null || now.isBefore(s.disconnectedAt().plus(grace))) {
      return null;
    }
    return s;
  }

  void presence(AgentSeat s, Presence p) {
    s.changePresence(p);
    matching.seatChanged(s);
  }

  void offer(AgentSeat s, Waiting w) {
    s.offer(w.id, w.channel);
    matching.seatChanged(s);
  }

  void withdraw(AgentSeat s, ConversationId id) {
    if (s.withdraw(id)) {
      matching.seatChanged(s);
    }
  }

  void hold(AgentSeat s, Conversation c) {
    s.hold(c.id(), c.channel());
    matching.seatChanged(s);
  }

  void unhold(AgentSeat s, ConversationId id, Instant now) {
    s.unhold(id);
    if (s.held().isEmpty()) {
      s.markIdle(now);
    }
    matching.seatChanged(s);
  }

  /** A conversation saved as held by {@code s} before a restart: theirs again, with one grace period to return. */
  void restoreHeld(AgentSeat s, Conversation c, Instant now, Duration grace) {
    s.hold(c.id(), c.channel());
    if (!s.connected() && s.disconnectedAt() == null) {
      s.connection(false, now);
      timers.at(now.plus(grace), new DisconnectGrace(s.id()));
    }
    matching.seatChanged(s);
  }

  /** Seats whose agent is no longer in {@code next}; the caller moves their work, then {@link #remove}s them. */
  List<AgentSeat> gone(Map<String, AgentConfig> next) {
    List<AgentSeat> out = new ArrayList<>();
    for (AgentSeat s : byId.values()) {
      if (!next.containsKey(s.id())) {
        out.add(s);
      }
    }
    return out;
  }

  void remove(AgentSeat s) {
    byId.remove(s.id());
    matching.seatRemoved(s);
  }

  /** Adds the agents of {@code next} that have no seat and gives the others their new settings. */
  void update(Collection<AgentConfig> next, Instant now) {
    for (AgentConfig a : next) {
      AgentSeat s = byId.get(a.id());
      if (s == null) {
        add(a, now);
      } else {
        s.reconfigure(a);
        matching.seatChanged(s);
      }
    }
  }

  private void add(AgentConfig a, Instant now) {
    AgentSeat s = new AgentSeat(a, now);
    byId.put(a.id(), s);
    matching.seatChanged(s);
  }
}
