package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The reads of {@link JdbcConversationStore}: conversations, their messages, contacts, attachments and
 * full-text search, each on a reader thread with its own connection.
 */
final class JdbcReads {

  private final JdbcDeliveries.Reads reads;
  private final FullTextSearch fullText;

  JdbcReads(JdbcDeliveries.Reads reads, FullTextSearch fullText) {
    this.reads = requireNonNull(reads, "reads");
    this.fullText = requireNonNull(fullText, "fullText");
  }

  CompletionStage<Optional<Conversation>> conversation(ConversationId id) {
    requireNonNull(id, "id");
    return reads.read(c -> ConversationRows.byId(c, id));
  }

  CompletionStage<List<Conversation>> conversations(ConversationQuery query) {
    requireNonNull(query, "query");
    return reads.read(c -> ConversationRows.query(c, query));
  }

  CompletionStage<List<Conversation>> openConversations() {
    return reads.read(ConversationRows::open);
  }

  CompletionStage<ConversationView> view(Conversation conversation, int otherConversations) {
    requireNonNull(conversation, "conversation");
    // The contact as stored now, not as the caller's copy says: a merge may have moved the conversation.
    return reads.read(c -> {
      ContactId contact = ConversationRows.byId(c, conversation.id()).map(Conversation::contactId)
          .orElse(conversation.contactId());
      return new ConversationView(conversation, MessageRows.byConversation(c, conversation.id()),
          ContactRows.byId(c, contact),
          otherConversations <= 0 ? List.of() : ConversationRows.query(c, new ConversationQuery(null, null,
              contact, null, otherConversations + 1)).stream()
              .filter(o -> !o.id().equals(conversation.id())).limit(otherConversations).toList());
    });
  }

  CompletionStage<List<Message>> messages(ConversationId id) {
    requireNonNull(id, "id");
    return reads.read(c -> MessageRows.byConversation(c, id));
  }

  CompletionStage<Optional<Message>> message(MessageId id) {
    requireNonNull(id, "id");
    return reads.read(c -> MessageRows.byId(c, id));
  }

  CompletionStage<Optional<Message>> messageByExternalId(Channel channel, String externalId) {
    requireNonNull(channel, "channel");
    requireNonNull(externalId, "externalId");
    return reads.read(c -> MessageRows.byExternalId(c, channel, externalId));
  }

  CompletionStage<Optional<Conversation>> conversationByRef(String ref) {
    requireNonNull(ref, "ref");
    return reads.read(c -> ConversationRows.byRef(c, IngestTransaction.normalizeRef(ref)));
  }

  CompletionStage<Optional<Contact>> contact(ContactId id) {
    requireNonNull(id, "id");
    return reads.read(c -> ContactRows.byId(c, id));
  }

  CompletionStage<List<SearchHit>> search(SearchQuery query) {
    requireNonNull(query, "query");
    return reads.read(c -> SearchRows.search(c, fullText, query));
  }

  CompletionStage<Optional<Contact>> contactByIdentity(Identity identity) {
    requireNonNull(identity, "identity");
    return reads.read(c -> {
      Optional<ContactId> id = ContactRows.idByIdentity(c, identity);
      return id.isPresent() ? ContactRows.byId(c, id.get()) : Optional.empty();
    });
  }

  CompletionStage<Optional<Identity>> customerAddress(ConversationId id) {
    requireNonNull(id, "id");
    return reads.read(c -> ConversationRows.customerAddress(c, id));
  }

  CompletionStage<Optional<StoredAttachment>> attachment(String id) {
    requireNonNull(id, "id");
    return reads.read(c -> AttachmentRows.byId(c, id));
  }
}
