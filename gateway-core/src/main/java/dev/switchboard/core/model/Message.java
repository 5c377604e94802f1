package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One message in a conversation. {@code text} is what the agent reads (for e-mail: quoted history and
 * signature trimmed); {@code html} is sanitized and may be {@code null}. {@code externalId} is the
 * channel's own id (Message-ID, MessageSid, the chat client id) and, with the channel, dedupes retries.
 * {@code author} is the agent id for OUT and NOTE, {@code null} for IN.
 */
public record Message(
    MessageId id,
    ConversationId conversationId,
    Direction direction,
    String author,
    String text,
    String html,
    List<AttachmentRef> attachments,
    String externalId,
    DeliveryStatus delivery,
    String deliveryDetail,
    Instant createdAt) {

  public Message {
    requireNonNull(id, "id");
    requireNonNull(conversationId, "conversationId");
    requireNonNull(direction, "direction");
    text = text == null ? "" : text;
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    requireNonNull(delivery, "delivery");
    requireNonNull(createdAt, "createdAt");
  }
}
