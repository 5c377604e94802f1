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
  void messageFrameIsTheTextItWasWithTheMessageAsAPojo() {
    Message m = inbound("hi there");
    ObjectNode before = Frames.frame("message").put("conversationId", m.conversationId().value());
    before.putPOJO("message", m);
    before.put("seq", 42L);

    assertThat(Json.writeString(Frames.message(m).put("seq", 42L))).isEqualTo(Json.writeString(before));
  }

  private static void assertSameText(Message m) {
    assertThat(Json.stream(g -> MessageJson.write(g, m))).isEqualTo(Json.writeString(m));
  }
}
