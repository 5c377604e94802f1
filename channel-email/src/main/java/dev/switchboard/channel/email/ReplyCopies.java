package dev.switchboard.channel.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.ConversationId;
import java.util.ArrayList;
import java.util.List;

/** The people a conversation's replies copy, kept in the store's channel state as a JSON array. */
final class ReplyCopies {

  private ReplyCopies() {}

  static String key(ConversationId id) {
    return "cc." + id.value();
  }

  static List<String> parse(String json) {
    List<String> out = new ArrayList<>();
    if (json == null) {
      return out;
    }
    try {
      JsonNode node = Json.read(json);
      node.forEach(n -> out.add(n.asText()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // A damaged value copies no one rather than failing the reply.
    }
    return out;
  }
}
