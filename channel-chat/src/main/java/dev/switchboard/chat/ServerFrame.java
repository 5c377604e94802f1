package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import java.util.Locale;
import java.util.OptionalLong;

/** A frame for the visitor's browser; {@link #encode} adds {@code type} and {@code seq}. */
sealed interface ServerFrame {

  String type();

  void writeFields(ObjectNode out);

  default String encode(long seq) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("type", type());
    out.put("seq", seq);
    writeFields(out);
    return out.toString();
  }

  /** The chat is open: the token to keep, and the conversation the visitor is in, if any. */
  record Welcome(String visitorToken, String conversationId, String conversationStatus) implements ServerFrame {
    public String type() {
      return "welcome";
    }

    public void writeFields(ObjectNode out) {
      out.put("visitorToken", visitorToken);
      out.put("conversationId", conversationId);
      out.put("conversationStatus", conversationStatus);
    }
  }

  /** The visitor's message is committed. */
  record Ack(String clientId, String messageId, String conversationId, boolean duplicate) implements ServerFrame {
    public String type() {
      return "ack";
    }

    public void writeFields(ObjectNode out) {
      out.put("clientId", clientId);
      out.put("messageId", messageId);
      out.put("conversationId", conversationId);
      out.put("duplicate", duplicate);
    }
  }

  /**
   * A message of the visitor's conversation: an agent's reply, or (replayed history, another tab) the
   * visitor's own. Internal notes never become one of these.
   */
  record MessageFrame(ChatMessage message, boolean history) implements ServerFrame {
    public MessageFrame {
      requireNonNull(message, "message");
    }

    public String type() {
      return "message";
    }

    public void writeFields(ObjectNode out) {
      ObjectNode m = out.putObject("message");
      m.put("id", message.id());
      m.put("conversationId", message.conversationId());
      m.put("direction", message.direction());
      m.put("authorName", message.authorName());
      m.put("text", message.text());
      m.put("createdAt", message.createdAt());
      if (history) {
        out.put("history", true);
      }
    }
  }

  /** Someone on the agent side is typing. */
  record Typing(String conversationId) implements ServerFrame {
    public String type() {
      return "typing";
    }

    public void writeFields(ObjectNode out) {
      out.put("conversationId", conversationId);
    }
  }

  /** The conversation changed state: an agent took it, or it was resolved. */
  record ConversationUpdated(String conversationId, String status, String agentName) implements ServerFrame {
    public String type() {
      return "conversation_updated";
    }

    public void writeFields(ObjectNode out) {
      ObjectNode c = out.putObject("conversation");
      c.put("id", conversationId);
      c.put("status", status);
      c.put("agentName", agentName);
    }
  }

  /**
   * The visitor's place in line while their chat waits: {@code position} from 1 (next), and the ETA in
   * seconds, rounded up by the router, or JSON {@code null} when it is unknown (no agent who can take
   * the chat is available, or their pace is not measured yet).
   */
  record Queue(String conversationId, int position, OptionalLong etaSeconds) implements ServerFrame {
    public Queue {
      requireNonNull(conversationId, "conversationId");
      requireNonNull(etaSeconds, "etaSeconds");
    }

    public String type() {
      return "queue";
    }

    public void writeFields(ObjectNode out) {
      out.put("conversationId", conversationId);
      out.put("position", position);
      if (etaSeconds.isPresent()) {
        out.put("etaSeconds", etaSeconds.getAsLong());
      } else {
        out.putNull("etaSeconds");
      }
    }
  }

  /** Something the visitor sent was refused; the connection stays open unless said otherwise. */
  record Error(String code, String message, String clientId) implements ServerFrame {
    public String type() {
      return "error";
    }

    public void writeFields(ObjectNode out) {
      out.put("code", code);
      out.put("message", message);
      if (clientId != null) {
        out.put("clientId", clientId);
      }
    }
  }

  /** What a visitor may see of a stored message: no agent ids, no delivery internals, never notes. */
  record ChatMessage(String id, String conversationId, String direction, String authorName, String text,
      String createdAt) {

    static ChatMessage of(Message m, String agentName) {
      if (m.direction() == Direction.NOTE) {
        throw new IllegalArgumentException("notes are internal and never shown to the visitor");
      }
      return new ChatMessage(m.id().value(), m.conversationId().value(),
          m.direction().name().toLowerCase(Locale.ROOT),
          m.direction() == Direction.OUT ? agentName : null, m.text(), m.createdAt().toString());
    }
  }
}
