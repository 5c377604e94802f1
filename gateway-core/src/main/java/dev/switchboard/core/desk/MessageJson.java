package dev.switchboard.core.desk;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.http.IsoInstant;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Message;
import java.io.IOException;

/**
 * A {@link Message} as the desk's JSON, written field by field through a streaming generator: the same
 * text as the mapper's record serializer gives (MessageJsonTest holds them together), without the
 * reflective accessor calls and per-property serializers it runs for each of the frames a chat message
 * sends its assignee, on the store's single completion thread.
 */
final class MessageJson {

  private MessageJson() {}

  static void write(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", m.id().value());
    g.writeStringField("conversationId", m.conversationId().value());
    g.writeStringField("direction", m.direction().key());
    g.writeStringField("author", m.author());
    g.writeStringField("text", m.text());
    g.writeStringField("html", m.html());
    g.writeArrayFieldStart("attachments");
    for (AttachmentRef a : m.attachments()) {
      g.writeStartObject();
      g.writeStringField("id", a.id());
      g.writeStringField("filename", a.filename());
      g.writeStringField("contentType", a.contentType());
      g.writeNumberField("size", a.size());
      g.writeStringField("url", a.url());
      g.writeBooleanField("inline", a.inline());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("externalId", m.externalId());
    g.writeStringField("delivery", m.delivery().key());
    g.writeStringField("deliveryDetail", m.deliveryDetail());
    g.writeStringField("createdAt", IsoInstant.format(m.createdAt()));
    g.writeEndObject();
  }
}
