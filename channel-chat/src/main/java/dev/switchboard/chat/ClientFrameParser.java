package dev.switchboard.chat;

import dev.switchboard.core.model.CsatSurvey;
import java.io.IOException;
import java.util.regex.Pattern;

/** Reads a visitor's text frame into a {@link ClientFrame}, applying the length and format limits. */
final class ClientFrameParser {

  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_REOPEN_LENGTH = 200;
  static final int MAX_EMAIL_LENGTH = 254;
  /** A client id is 1 to this many letters, digits or {@code ._:-}; checked without a regex (once per message). */
  static final int MAX_CLIENT_ID_LENGTH = 64;
  private static final Pattern CONVERSATION_ID = Pattern.compile("[0-9A-Z]{26}");
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
    ClientFrameFields fields;
    try {
      fields = ClientFrameFields.read(text);
    } catch (IOException e) {
      return new ClientFrame.Invalid("bad_json", "The frame is not JSON.");
    }
    if (fields == null) {
      return new ClientFrame.Invalid("bad_frame", "A frame is a JSON object with a \"type\".");
    }
    String type = fields.type;
    if (type == null) {
      return new ClientFrame.Invalid("bad_frame", "A frame is a JSON object with a \"type\".");
    }
    return switch (type) {
      case "hello" -> hello(fields);
      case "message" -> message(fields);
      case "typing" -> new ClientFrame.Typing();
      case "csat" -> csat(fields);
      default -> new ClientFrame.Invalid("unknown_type",
          "Unknown frame type \"" + shorten(type) + "\"; expected hello, message, typing or csat.");
    };
  }

  private static ClientFrame hello(ClientFrameFields fields) {
    String token = fields.visitorToken;
    if (token != null && !VisitorToken.isWellFormed(token)) {
      return new ClientFrame.Invalid("bad_token", "The visitor token is malformed; send hello without one to get a new one.");
    }
    String name = fields.name;
    if (name != null) {
      name = name.strip();
      if (name.length() > MAX_NAME_LENGTH) {
        return new ClientFrame.Invalid("bad_name", "The name is longer than " + MAX_NAME_LENGTH + " characters.");
      }
      name = name.isEmpty() ? null : name;
    }
    String email = fields.email;
    if (email != null) {
      email = email.strip();
      if (email.isEmpty()) {
        email = null;
      } else if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
        return new ClientFrame.Invalid("bad_email", "The e-mail address does not look like one.");
      }
    }
    Long resumeAfter = null;
    if (fields.resumeAfterGiven) {
      resumeAfter = fields.resumeAfter;
      if (resumeAfter == null || resumeAfter < 0) {
        return new ClientFrame.Invalid("bad_frame", "resumeAfter is the last seq received, a whole number >= 0.");
      }
    }
    String reopen = fields.reopen;
    if (reopen != null && reopen.length() > MAX_REOPEN_LENGTH) {
      return new ClientFrame.Invalid("reopen_invalid", "The reopen link is not one the gateway made.");
    }
    return new ClientFrame.Hello(token, name, email, resumeAfter, reopen);
  }

  private ClientFrame message(ClientFrameFields fields) {
    String clientId = fields.clientId;
    if (!PlainJson.isToken(clientId, MAX_CLIENT_ID_LENGTH)) {
      return new ClientFrame.Invalid("bad_client_id",
          "A message needs a clientId of 1 to 64 letters, digits or ._:- so a resend is not stored twice.");
    }
    String text = fields.text;
    if (text == null || text.isBlank()) {
      return new ClientFrame.Invalid("empty_message", "A message needs some text.", clientId);
    }
    if (text.codePointCount(0, text.length()) > maxMessageLength) {
      return new ClientFrame.Invalid("message_too_long",
          "The message is longer than " + maxMessageLength + " characters.", clientId);
    }
    return new ClientFrame.SendMessage(text.strip(), clientId);
  }

  private static ClientFrame csat(ClientFrameFields fields) {
    String conversationId = fields.conversationId;
    if (conversationId == null || !CONVERSATION_ID.matcher(conversationId).matches()) {
      return new ClientFrame.Invalid("bad_frame", "csat needs the conversationId of its csat_request.");
    }
    Long score = fields.score;
    if (score == null || !CsatSurvey.validScore(score)) {
      return new ClientFrame.Invalid("bad_score", "score is a whole number from 1 to 5.");
    }
    String comment = fields.comment;
    if (comment != null && comment.codePointCount(0, comment.length()) > CsatSurvey.MAX_COMMENT) {
      return new ClientFrame.Invalid("comment_too_long", "The comment is longer than " + CsatSurvey.MAX_COMMENT
          + " characters.");
    }
    return new ClientFrame.Csat(conversationId, score.intValue(), comment == null || comment.isBlank() ? null
        : comment.strip());
  }

  private static String shorten(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "…";
  }
}
