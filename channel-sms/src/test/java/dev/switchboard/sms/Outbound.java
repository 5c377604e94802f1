package dev.switchboard.sms;

import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Agents' replies as the outbox hands them over, for sender tests. */
final class Outbound {

  private static final Instant NOW = Instant.parse("2026-11-24T18:00:00Z");

  private Outbound() {}

  static OutboundMessage reply(String threadKey, String to, String text, Map<String, String> attributes) {
    ContactId contactId = ContactId.random();
    Contact contact = new Contact(contactId, null, List.of(Identity.phone(to)), attributes, NOW);
    ConversationId conversationId = ConversationId.random();
    Conversation conversation = Conversation.builder(conversationId, "AB12CD", contactId, Channel.SMS, threadKey, NOW)
        .status(ConversationStatus.ASSIGNED).tier("standard").assignee("alice").lastAgent("alice").queuedAt(NOW)
        .build();
    Message message = new Message(MessageId.random(), conversationId, Direction.OUT, "alice", text, null,
        List.of(), null, DeliveryStatus.QUEUED, null, NOW);
    return new OutboundMessage(message, conversation, contact, Identity.phone(to), List.of(), 1);
  }

  static OutboundMessage reply(String text) {
    return reply(ThreadKey.of(TestConfigs.OTHER_NUMBER, TestConfigs.CUSTOMER), TestConfigs.CUSTOMER, text,
        Map.of());
  }
}
