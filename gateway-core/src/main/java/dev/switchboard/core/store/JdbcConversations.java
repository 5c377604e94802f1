package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
import dev.switchboard.core.model.Message;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The writes of {@link JdbcConversationStore} that the gateway itself makes in conversations: opening one
 * (proactive outreach), the router's saves (leader-only, through the store's fence), tags, the messages
 * agents and the gateway write, and agents' uploads for them.
 */
final class JdbcConversations {

  private final GroupCommitWriter writer;
  private final JdbcDeliveries.Fence fence;
  private final Clock clock;

  JdbcConversations(GroupCommitWriter writer, JdbcDeliveries.Fence fence, Clock clock) {
    this.writer = requireNonNull(writer, "writer");
    this.fence = requireNonNull(fence, "fence");
    this.clock = requireNonNull(clock, "clock");
  }

  CompletionStage<Conversation> openConversation(
      ContactId contactId, Channel channel, String threadKey, String subject, Identity address) {
    requireNonNull(contactId, "contactId");
    requireNonNull(channel, "channel");
    requireNonNull(threadKey, "threadKey");
    if (address != null && address.kind() != IdentityKind.of(channel)) {
      throw new IllegalArgumentException("address: " + address + " (expected: an address of the " + channel
          + " channel)");
    }
    return writer.submit("openConversation", c -> {
      ContactRows.require(c, contactId);
      return ConversationRows.insert(c, contactId, channel, threadKey, subject, ConversationStatus.QUEUED,
          address, clock.instant());
    });
  }

  CompletionStage<Conversation> saveConversation(Conversation conversation) {
    requireNonNull(conversation, "conversation");
    return writer.submit("saveConversation",
        fence.leaderOnly("saveConversation", c -> ConversationRows.save(c, conversation, clock.instant())));
  }

  CompletionStage<TagOutcome> retag(ConversationId id, TagChange change) {
    requireNonNull(id, "id");
    requireNonNull(change, "change");
    return writer.submit("retag", c -> TagRows.apply(c, id, change, clock.instant()));
  }

  CompletionStage<Message> appendAgentMessage(ConversationId conversationId, Direction direction,
      String author, String text, String clientId, List<String> attachmentIds) {
    requireNonNull(direction, "direction");
    requireNonNull(attachmentIds, "attachmentIds");
    if (direction == Direction.IN) {
      throw new IllegalArgumentException("direction: IN (expected: OUT or NOTE)");
    }
    return append(conversationId, direction, author, text, clientId,
        direction == Direction.OUT ? DeliveryStatus.QUEUED : DeliveryStatus.RECEIVED, List.copyOf(attachmentIds));
  }

  CompletionStage<Message> appendSentMessage(ConversationId conversationId, String author, String text,
      String clientId) {
    return append(conversationId, Direction.OUT, author, text, clientId, DeliveryStatus.SENT, List.of());
  }

  /** A message written here: a note, an OUT message for the outbox ({@code QUEUED}), or one sent already. */
  private CompletionStage<Message> append(ConversationId conversationId, Direction direction, String author,
      String text, String clientId, DeliveryStatus delivery, List<String> attachmentIds) {
    requireNonNull(conversationId, "conversationId");
    requireNonNull(author, "author");
    return writer.submit("appendAgentMessage",
        c -> AgentMessages.append(c, conversationId, direction, author, text, clientId, delivery, attachmentIds,
            clock.instant()));
  }

  CompletionStage<StoredAttachment> recordUpload(ConversationId conversationId, String uploadedBy,
      AttachmentRef content) {
    requireNonNull(conversationId, "conversationId");
    requireNonNull(uploadedBy, "uploadedBy");
    requireNonNull(content, "content");
    return writer.submit("recordUpload",
        c -> AttachmentRows.insertUpload(c, conversationId, uploadedBy, content, clock.instant()));
  }
}
