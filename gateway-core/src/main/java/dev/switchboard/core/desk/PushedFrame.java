package dev.switchboard.core.desk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.Message;

/**
 * A frame on an agent's {@link AgentLine}, written with the {@code seq} it gets when it is sent (again,
 * for a resume). Most frames are trees; a chat message to its assignee, the one frame sent per customer
 * message, is streamed from the message in one pass.
 */
sealed interface PushedFrame {

  /** The frame's text with {@code seq} as its last field; called under the line's lock. */
  String encode(long seq);

  static PushedFrame of(ObjectNode frame) {
    return new Tree(frame);
  }

  /** A frame built as a tree; {@code seq} is put into it (in place: only ever under the line's lock). */
  record Tree(ObjectNode frame) implements PushedFrame {
    public Tree {
      requireNonNull(frame, "frame");
    }

    @Override
    public String encode(long seq) {
      return Json.writeString(frame.put("seq", seq));
    }
  }

  /**
   * The {@code message} frame of a stored message: the same text as the tree {@code type},
   * {@code conversationId}, {@code message}, {@code seq} (MessageJsonTest holds them together), without the
   * tree, the message's text in between and the mapper's serializers, on the store's completion thread.
   */
  record MessagePush(Message message) implements PushedFrame {
    public MessagePush {
      requireNonNull(message, "message");
    }

    @Override
    public String encode(long seq) {
      return Json.stream(g -> {
        g.writeStartObject();
        g.writeStringField("type", "message");
        g.writeStringField("conversationId", message.conversationId().value());
        g.writeFieldName("message");
        MessageJson.write(g, message);
        g.writeNumberField("seq", seq);
        g.writeEndObject();
      });
    }
  }
}
