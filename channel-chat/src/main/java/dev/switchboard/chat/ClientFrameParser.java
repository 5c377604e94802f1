package dev.switchboard.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import java.util.regex.Pattern;

/** Reads a visitor's text frame into a {@link ClientFrame}, applying the length and format limits. */
final class ClientFrameParser {

  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_EMAIL_LENGTH = 254;
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  // Deliberately loose: the address is only shown to agents as "claimed", never used to send or merge.
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final int maxMessageLength;

  ClientFrameParser(int maxMessageLength) {
    if (maxMessageLength < 1) {
      throw new IllegalArgumentException("maxMessageLength: " + maxMessageLength + " (expected: > 0)");
    }
    this.maxMessageLength = maxMessageLength;
  }

  ClientFrame parse(String text) {
    JsonNode node;
    try {
      node = Json.read(text);
    } catch (JsonProcessingException e) {
      return new ClientFrame.Invalid("bad_json", "The frame is not JSON.");
    }
    if (node == null || !node.isObject()) {
      return new ClientFrame.Invalid("bad_frame", "A frame is a JSON object with a \"type\".");
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) {
      return new ClientFrame.Invalid("bad_frame", "A frame is a JSON object with a \"type\".");
    }
    return switch (type.asText()) {
      case "hello" -> hello(node);
      case "message" -> message(node);
      case "typing" -> new ClientFrame.Typing();
      default -> new ClientFrame.Invalid("unknown_type",
          "Unknown frame type \"" + shorten(type.asText()) + "\"; expected hello, message or typing.");
    };
  }

  private static ClientFrame hello(JsonNode node) {
    String token = optionalText(node, "visitorToken");
    if (token != null && !VisitorToken.isWellFormed(token)) {
      return new ClientFrame.Invalid("bad_token", "The visitor token is malformed; send hello without one to get a new one.");
    }
    String name = optionalText(node, "name");
    if (name != null) {
      name = name.strip();
      if (name.length() > MAX_NAME_LENGTH) {
        return new ClientFrame.Invalid("bad_name", "The name is longer than " + MAX_NAME_LENGTH + " characters.");
      }
      name = name.isEmpty() ? null : name;
    }
    String email = optionalText(node, "email");
    if (email != null) {
      email = email.strip();
      if (email.isEmpty()) {
        email = null;
      } else if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
        return new ClientFrame.Invalid("bad_email", "The e-mail address does not look like one.");
      }
    }
    JsonNode resume = node.get("resumeAfter");
    Long resumeAfter = null;
    if (resume != null && !resume.isNull()) {
      if (!resume.canConvertToLong() || !resume.isIntegralNumber() || resume.asLong() < 0) {
        return new ClientFrame.Invalid("bad_frame", "resumeAfter is the last seq received, a whole number >= 0.");
      }
      resumeAfter = resume.asLong();
    }
    return new ClientFrame.Hello(token, name, email, resumeAfter);
  }

  private ClientFrame message(JsonNode node) {
    String clientId = optionalText(node, "clientId");
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      return new ClientFrame.Invalid("bad_client_id",
          "A message needs a clientId of 1 to 64 letters, digits or ._:- so a resend is not stored twice.");
    }
    String text = optionalText(node, "text");
    if (text == null || text.isBlank()) {
      return new ClientFrame.Invalid("empty_message", "A message needs some text.", clientId);
    }
    if (text.codePointCount(0, text.length()) > maxMessageLength) {
      return new ClientFrame.Invalid("message_too_long",
          "The message is longer than " + maxMessageLength + " characters.", clientId);
    }
    return new ClientFrame.SendMessage(text.strip(), clientId);
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isTextual() ? null : v.asText();
  }

  private static String shorten(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "…";
  }
}
