package dev.switchboard.chat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.core.http.Json;
import java.io.IOException;

/**
 * The fields of a visitor's frame that {@link ClientFrameParser} checks, read in one streaming pass over the
 * JSON object: every other field, and any nested object or array, is skipped without being kept. One frame
 * per chat message comes through here, so it holds the few fields in one object rather than a map of every
 * field with a value record each. As in a JSON tree, a repeated field keeps its last value and a field set to
 * {@code null} counts as absent; a string field given another kind of value reads as absent too.
 */
final class ClientFrameFields {

  String type;
  String visitorToken;
  String name;
  String email;
  String reopen;
  /** Whether {@code resumeAfter} is there and not {@code null}; {@link #resumeAfter} is set only if whole. */
  boolean resumeAfterGiven;
  Long resumeAfter;
  String clientId;
  String text;
  String conversationId;
  Long score;
  String comment;

  private ClientFrameFields() {}

  /**
   * The fields of {@code json} when it is a JSON object; null when it is another JSON value or empty.
   * Throws when it is not JSON (also inside a skipped field).
   */
  static ClientFrameFields read(String json) throws IOException {
    try (JsonParser p = Json.parser(json)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        if (first != null) {
          p.skipChildren(); // a malformed array is bad JSON, not a frame of the wrong shape
        }
        return null;
      }
      ClientFrameFields out = new ClientFrameFields();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "type" -> out.type = text(p, value);
          case "visitorToken" -> out.visitorToken = text(p, value);
          case "name" -> out.name = text(p, value);
          case "email" -> out.email = text(p, value);
          case "reopen" -> out.reopen = text(p, value);
          case "resumeAfter" -> {
            out.resumeAfterGiven = value != JsonToken.VALUE_NULL;
            out.resumeAfter = wholeNumber(p, value);
          }
          case "clientId" -> out.clientId = text(p, value);
          case "text" -> out.text = text(p, value);
          case "conversationId" -> out.conversationId = text(p, value);
          case "score" -> out.score = wholeNumber(p, value);
          case "comment" -> out.comment = text(p, value);
          default -> p.skipChildren();
        }
      }
      return out;
    }
  }

  /** The value when it is a JSON string, else null (an object or array skipped). */
  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /** The value when it is a whole number that fits a {@code long}, else null (an object or array skipped). */
  private static Long wholeNumber(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = p.getNumberType();
      return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG ? p.getLongValue() : null;
    }
    p.skipChildren();
    return null;
  }
}
