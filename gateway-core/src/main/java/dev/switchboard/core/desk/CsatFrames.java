package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.IsoInstant;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.CsatSurvey;
import java.util.List;

/**
 * Satisfaction surveys on the desk: the {@code csat} list of {@code assigned} and {@code history}, and the
 * {@code csat} frame the agent who held a conversation gets when its customer answers.
 */
final class CsatFrames {

  private CsatFrames() {}

  /** {@code csat {conversationId, csat: survey}}. */
  static ObjectNode answered(CsatSurvey s) {
    ObjectNode n = Frames.frame("csat").put("conversationId", s.conversationId().value());
    n.set("csat", survey(s));
    return n;
  }

  /** The conversation's surveys, oldest first, as {@code assigned} and {@code history} list them. */
  static ArrayNode list(List<CsatSurvey> surveys) {
    ArrayNode a = Json.mapper().createArrayNode();
    surveys.forEach(s -> a.add(survey(s)));
    return a;
  }

  /** {@code {id, status, channel, askedAt, expiresAt, score?, comment?, answeredAt?}}. */
  static ObjectNode survey(CsatSurvey s) {
    ObjectNode n = Json.mapper().createObjectNode().put("id", s.id()).put("status", s.status().key())
        .put("channel", s.channel().key()).put("askedAt", IsoInstant.format(s.askedAt()))
        .put("expiresAt", IsoInstant.format(s.expiresAt()));
    s.answer().ifPresent(a -> {
      n.put("score", a.score());
      a.comment().ifPresent(c -> n.put("comment", c));
      n.put("answeredAt", IsoInstant.format(a.answeredAt()));
    });
    return n;
  }
}
