package dev.switchboard.core.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageJsonTest {

  private static final String SHA = "a".repeat(64);

  private static Message inbound(String text) {
    return new Message(MessageId.random(), new ConversationId("c-1"), Direction.IN, null, text, null, List.of(),
        "v1:client-7", DeliveryStatus.RECEIVED, null, Instant.parse("2026-12-01T02:30:00.123456789Z"));
  }

  @Test
  void streamedMessageIsTheMappersTextForAChatMessage() {
    assertSameText(inbound("hello"));
    assertSameText(inbound("quotes \" backslash \\ newline \n tab \t control \u0001 emoji \uD83D\uDE00 é <b>"));
    assertSameText(inbound(""));
  }

  @Test
  void streamedMessageIsTheMappersTextWithEveryFieldSet() {
    Message m = new Message(MessageId.random(), new ConversationId("c-2"), Direction.OUT, "agent-1", "reply",
        "<p>reply</p>", List.of(new AttachmentRef("att-1", SHA, "a \"b\".pdf", "application/pdf", 1234, false),
            new AttachmentRef(SHA, "inline.png", "image/png", 0, true)),
        null, DeliveryStatus.FAILED, "carrier said no", Instant.parse("2026-12-01T02:30:00Z"));
    assertSameText(m);
  }

  @Test
  void messageFrameIsTheTextItWasAsATreeWithTheMessageAsAPojo() {
    assertSameFrame(inbound("hi there"), 42L);
    assertSameFrame(inbound("quotes \" backslash \\ newline \n control \u0001 emoji \uD83D\uDE00"), Long.MAX_VALUE);
    assertSameFrame(new Message(MessageId.random(), new ConversationId("c-3"), Direction.OUT, "agent-1", "reply",
        "<p>reply</p>", List.of(new AttachmentRef("att-1", SHA, "a.pdf", "application/pdf", 12, false)),
        "ext-1", DeliveryStatus.SENT, null, Instant.parse("2026-12-01T02:30:00Z")), 1_764_556_200_000_000L);
  }

  /** The frame as AgentLine sent it before it was streamed: a tree, the message a POJO, {@code seq} put last. */
  private static void assertSameFrame(Message m, long seq) {
    ObjectNode before = Frames.frame("message").put("conversationId", m.conversationId().value());
    before.putPOJO("message", m);
    before.put("seq", seq);

    assertThat(Frames.message(m).encode(seq)).isEqualTo(Json.writeString(before));
  }

  private static void assertSameText(Message m) {
    assertThat(Json.stream(g -> MessageJson.write(g, m))).isEqualTo(Json.writeString(m));
  }
}
