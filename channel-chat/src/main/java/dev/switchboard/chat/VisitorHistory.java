package dev.switchboard.chat;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a returning visitor gets to see: their latest chat conversation and its messages without notes.
 * Only conversations whose thread key is the visitor's own id qualify, so even a contact later merged
 * with other identities never shows one visitor another's thread.
 */
final class VisitorHistory {

  /** The visitor's contact (absent before their first message) and latest conversation with its messages. */
  record Snapshot(Optional<Contact> contact, Optional<Conversation> conversation, List<Message> messages,
      List<CsatSurvey> surveys) {
    static final Snapshot EMPTY = new Snapshot(Optional.empty(), Optional.empty(), List.of(), List.of());

    /** The survey a message asks, if it is one (shown as a {@code csat_request}, not as a message). */
    Optional<CsatSurvey> surveyAskedBy(Message m) {
      return surveys.stream().filter(s -> s.messageId().equals(Optional.of(m.id()))).findFirst();
    }
  }

  private final ConversationStore store;

  VisitorHistory(ConversationStore store) {
    this.store = store;
  }

  CompletionStage<Snapshot> load(String visitorId) {
    return store.contacts().byIdentity(Identity.chatVisitor(visitorId)).thenCompose(contact -> {
      if (contact.isEmpty()) {
        return CompletableFuture.completedFuture(Snapshot.EMPTY);
      }
      ConversationQuery query = ConversationQuery.all().contact(contact.get().id()).channel(Channel.CHAT).limit(50);
      return store.conversations(query).thenCompose(list -> {
        Optional<Conversation> latest = list.stream()
            .filter(c -> c.channel() == Channel.CHAT && c.threadKey().equals(visitorId))
            .max(Comparator.comparing(Conversation::id)); // ids are time-ordered
        if (latest.isEmpty()) {
          return CompletableFuture.completedFuture(new Snapshot(contact, Optional.empty(), List.of(), List.of()));
        }
        return store.messages(latest.get().id()).thenCompose(messages -> store.csat().ofConversation(latest.get().id())
            .thenApply(surveys -> new Snapshot(contact, latest,
                messages.stream().filter(m -> m.direction() != Direction.NOTE).toList(), surveys)));
      });
    });
  }
}
