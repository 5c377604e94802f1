package dev.switchboard.chat;

/** A frame from the visitor's browser, already parsed and checked; {@link Invalid} says what was wrong. */
sealed interface ClientFrame {

  /** Opens the chat: a known token resumes the visitor, none asks for a new one. */
  record Hello(String visitorToken, String name, String email, Long resumeAfter, String reopen) implements ClientFrame {}

  /** The visitor wrote something; {@code clientId} makes a resend idempotent. */
  record SendMessage(String text, String clientId) implements ClientFrame {}

  /** The visitor's satisfaction answer to a {@code csat_request}: a score from 1 to 5, a comment or none. */
  record Csat(String conversationId, int score, String comment) implements ClientFrame {}

  /** The visitor is typing. */
  record Typing() implements ClientFrame {}

  /** Not a frame we accept: answered with an {@code error} frame carrying {@code code}. */
  record Invalid(String code, String message, String clientId) implements ClientFrame {
    Invalid(String code, String message) {
      this(code, message, null);
    }
  }
}
