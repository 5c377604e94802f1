package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.IsoInstant;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.routing.QueueView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The team frames of the desk protocol: {@code team} (the configured tiers and the agents online, for
 * every agent) and {@code queue} (the waiting conversations, for supervisors), and the same lists in
 * {@code ready}.
 */
final class TeamFrames {

  /** A {@code queue} frame lists at most this many waiting conversations, in queue order; {@code total} counts all. */
  static final int MAX_WAITING = 200;

  private TeamFrames() {}

  /** {@code {"type":"team","tiers":[…],"agents":[…]}}: agents online only, with presence and load per channel. */
  static ObjectNode team(List<String> tiers, List<QueueView.Agent> agents, Predicate<String> supervisor) {
    ObjectNode n = Frames.frame("team");
    putTeam(n, tiers, agents, supervisor);
    return n;
  }

  static void putTeam(ObjectNode n, List<String> tiers, List<QueueView.Agent> agents, Predicate<String> supervisor) {
    ArrayNode t = n.putArray("tiers");
    tiers.forEach(t::add);
    ArrayNode list = n.putArray("agents");
    for (QueueView.Agent a : agents) {
      if (!a.connected()) {
        continue;
      }
      ObjectNode o = list.addObject().put("id", a.id()).put("name", a.name()).put("presence", a.presence())
          .put("supervisor", supervisor.test(a.id()));
      counts(o.putObject("load"), a.load());
      counts(o.putObject("capacity"), a.capacity());
    }
  }

  /** {@code {"type":"queue","total":n,"waiting":[…]}}, the first {@link #MAX_WAITING} in queue order. */
  static ObjectNode queue(QueueView.Head waiting) {
    ObjectNode n = Frames.frame("queue");
    putQueue(n, waiting);
    return n;
  }

  static void putQueue(ObjectNode n, QueueView.Head waiting) {
    n.put("total", waiting.total());
    ArrayNode list = n.putArray("waiting");
    for (QueueView.Entry e : waiting.first().subList(0, Math.min(waiting.first().size(), MAX_WAITING))) {
      ObjectNode o = list.addObject().put("conversationId", e.conversationId().value()).put("tier", e.tier())
          .put("channel", e.channel().key()).put("queuedAt", iso(e.queuedAt())).put("deadline", iso(e.deadline()))
          .put("offeredTo", e.offeredTo()).put("offerExpiresAt", iso(e.expiresAt()));
      o.put("widened", e.widened());
    }
  }

  private static void counts(ObjectNode into, Map<String, Integer> counts) {
    counts.forEach(into::put);
  }

  private static String iso(Instant t) {
    return t == null ? null : IsoInstant.format(t);
  }

  /** The text of a frame without its {@code seq}, to tell whether it changed since the last one sent. */
  static String content(ObjectNode frame) {
    return Json.writeString(frame);
  }
}
