package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message for {@link MessageRows#insert} to write; the store fills its id and times. Built by name: {@link
 * #inbound} for what a customer sent, {@link #ours} for what an agent or the system writes, with {@link
 * #withSubject}, {@link #withAttachments} and {@link #automatedBySystem} for what only some of ours carry.
 */
record NewMessage(
    ConversationId conversationId,
    Channel channel,
    Direction direction,
    String author,
    String clientId,
    String externalId,
    String subject,
    String text,
    String fullText,
    String html,
    Map<String, String> metadata,
    boolean automated,
    List<Blob> attachments,
    DeliveryStatus delivery,
    Instant receivedAt) {

  NewMessage {
    requireNonNull(conversationId, "conversationId");
    requireNonNull(channel, "channel");
    requireNonNull(direction, "direction");
    requireNonNull(delivery, "delivery");
    metadata = metadata == null ? Map.of() : metadata;
    attachments = attachments == null ? List.of() : attachments;
  }

  /** {@code m} as received, into {@code conversation}: no author or client id, the provider's id as its external id. */
  static NewMessage inbound(ConversationId conversation, InboundMessage m) {
    return new NewMessage(conversation, m.channel(), Direction.IN, null, null, m.externalId(), m.subject(), m.text(),
        m.fullText(), m.html(), m.metadata(), m.automated(), m.attachments(), DeliveryStatus.RECEIVED,
        m.receivedAt());
  }

  /**
   * A message {@code author} writes into {@code conversation} ({@code OUT} to the customer, or a {@code NOTE}),
   * deduplicated by {@code clientId}; no subject, attachments or external id (the provider gives that later).
   */
  static NewMessage ours(ConversationId conversation, Channel channel, Direction direction, String author,
      String clientId, String text, DeliveryStatus delivery) {
    requireNonNull(author, "author");
    return new NewMessage(conversation, channel, direction, author, clientId, null, null, text, null, null, Map.of(),
        false, List.of(), delivery, null);
  }

  NewMessage withSubject(String next) {
    return new NewMessage(conversationId, channel, direction, author, clientId, externalId, next, text, fullText, html,
        metadata, automated, attachments, delivery, receivedAt);
  }

  NewMessage withAttachments(List<Blob> next) {
    return new NewMessage(conversationId, channel, direction, author, clientId, externalId, subject, text, fullText,
        html, metadata, automated, next, delivery, receivedAt);
  }

  /** Written by the system, not a person (a proof mail, a forward): the same flag as an auto-reply's. */
  NewMessage automatedBySystem() {
    return new NewMessage(conversationId, channel, direction, author, clientId, externalId, subject, text, fullText,
        html, metadata, true, attachments, delivery, receivedAt);
  }
}
