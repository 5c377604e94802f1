package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.http.IsoInstant;
import dev.switchboard.core.http.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * A frame for the visitor's browser; {@link #encode} adds {@code type} and {@code seq}. Frames are written
 * field by field with a streaming generator (no tree per frame); the field order is the wire order.
 */
sealed interface ServerFrame {

  String type();

  void writeFields(JsonGenerator out) throws IOException;

  default String encode(long seq) {
    return Json.stream(out -> {
      out.writeStartObject();
      out.writeStringField("type", type());
      out.writeNumberField("seq", seq);
      writeFields(out);
      out.writeEndObject();
    });
  }

  /** The chat is open: the token to keep, and the conversation the visitor is in, if any. */
  record Welcome(String visitorToken, String conversationId, String conversationStatus) implements ServerFrame {
    public String type() {
      return "welcome";
    }

    public void writeFields(JsonGenerator out) throws IOException {
      out.writeStringField("visitorToken", visitorToken);
      out.writeStringField("conversationId", conversationId);
      out.writeStringField("conversationStatus", conversationStatus);
    }
  }

  /** The visitor's message is committed. */
  record Ack(String clientId, String messageId, String conversationId, boolean duplicate) implements ServerFrame {
    public String type() {
      return "ack";
    }

    /**
     * The frame sent for every message, written as one concatenation when its fields need no escaping (a
     * checked client id, the store's ids): the same text as the generator's, without its context, writer and
     * char buffers (ServerFrameTest holds them together).
     */
    @Override
    public String encode(long seq) {
      if (!PlainJson.needsNoEscape(clientId) || !PlainJson.needsNoEscape(messageId)
          || !PlainJson.needsNoEscape(conversationId)) {
        return ServerFrame.super.encode(seq);
      }
      return "{\"type\":\"ack\",\"seq\":" + seq + ",\"clientId\":\"" + clientId + "\",\"messageId\":\"" + messageId
          + "\",\"conversationId\":\"" + conversationId + "\",\"duplicate\":" + duplicate + "}";
    }

    public void writeFields(JsonGenerator out) throws IOException {
      out.writeStringField("clientId", clientId);
      out.writeStringField("messageId", messageId);
      out.writeStringField("conversationId", conversationId);
      out.writeBooleanField("duplicate", duplicate);
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

    public void writeFields(JsonGenerator out) throws IOException {
      out.writeFieldName("message");
      message.write(out);
      if (history) {
        out.writeBooleanField("history", true);
      }
    }
  }

  /** Someone on the agent side is typing. */
  record Typing(String conversationId) implements ServerFrame {
    public String type() {
      return "typing";
    }

    public void writeFields(JsonGenerator out) throws IOException {
      out.writeStringField("conversationId", conversationId);
    }
  }

  /** The conversation changed state: an agent took it, or it was resolved. */
  record ConversationUpdated(String conversationId, String status, String agentName) implements ServerFrame {
    public String type() {
      return "conversation_updated";
    }

    public void writeFields(JsonGenerator out) throws IOException {
      out.writeObjectFieldStart("conversation");
      out.writeStringField("id", conversationId);
      out.writeStringField("status", status);
      out.writeStringField("agentName", agentName);
      out.writeEndObject();
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

    public void writeFields(JsonGenerator out) throws IOException {
      out.writeStringField("conversationId", conversationId);
      out.writeNumberField("position", position);
      if (etaSeconds.isPresent()) {
        out.writeNumberField("etaSeconds", etaSeconds.getAsLong());
      } else {
        out.writeNullField("etaSeconds");
      }
    }
  }

  /**
   * The visitor is asked how satisfied they are with a resolved conversation: the widget shows 1 to 5 and a
   * comment box, and answers with a {@code csat} frame. {@code history} when replayed on a return visit.
   */
  record CsatRequest(String conversationId, String question, boolean history) implements ServerFrame {
    public String type() {
      return "csat_request";
    }

    public void writeFields(JsonGenerator out) throws IOException {
      out.writeStringField("conversationId", conversationId);
      out.writeStringField("question", question);
      if (history) {
        out.writeBooleanField("history", true);
      }
    }
  }

  /** The visitor's satisfaction answer is stored (sent to each of their tabs, so all stop asking). */
  record CsatRecorded(String conversationId, int score) implements ServerFrame {
    public String type() {
      return "csat_recorded";
    }

    public void writeFields(JsonGenerator out) throws IOException {
      out.writeStringField("conversationId", conversationId);
      out.writeNumberField("score", score);
    }
  }

  /** Something the visitor sent was refused; the connection stays open unless said otherwise. */
  record Error(String code, String message, String clientId) implements ServerFrame {
    public String type() {
      return "error";
    }

    public void writeFields(JsonGenerator out) throws IOException {
      out.writeStringField("code", code);
      out.writeStringField("message", message);
      if (clientId != null) {
        out.writeStringField("clientId", clientId);
      }
    }
  }

  /**
   * What a visitor may see of a stored message (see {@link VisitorMessages}): no agent ids, no delivery
   * internals, never notes; {@code attachments} only when there are files. {@code createdAt} is formatted
   * when the frame is written: the visitor's own message is kept for their other tabs once per message,
   * and most visitors have no other tab.
   */
  record ChatMessage(String id, String conversationId, String direction, String authorName, String text,
      Instant createdAt, List<ChatFile> attachments) {

    public ChatMessage {
      requireNonNull(createdAt, "createdAt");
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    void write(JsonGenerator out) throws IOException {
      out.writeStartObject();
      out.writeStringField("id", id);
      out.writeStringField("conversationId", conversationId);
      out.writeStringField("direction", direction);
      out.writeStringField("authorName", authorName);
      out.writeStringField("text", text);
      out.writeStringField("createdAt", IsoInstant.format(createdAt));
      if (!attachments.isEmpty()) {
        out.writeArrayFieldStart("attachments");
        for (ChatFile f : attachments) {
          f.write(out);
        }
        out.writeEndArray();
      }
      out.writeEndObject();
    }
  }

  /** A file of a chat message; {@code url} is a signed link that expires, good without any token. */
  record ChatFile(String id, String filename, String contentType, long size, String url) {
    public ChatFile {
      requireNonNull(id, "id");
      requireNonNull(url, "url");
    }

    void write(JsonGenerator out) throws IOException {
      out.writeStartObject();
      out.writeStringField("id", id);
      out.writeStringField("filename", filename);
      out.writeStringField("contentType", contentType);
      out.writeNumberField("size", size);
      out.writeStringField("url", url);
      out.writeEndObject();
    }
  }
}
