package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Continuity of chats whose visitor left, in the store: when each chat's visitor went away, and which agent
 * replies already followed them by e-mail or SMS. A forward is one transaction (its message, its outbox
 * entry to the address, the replies marked forwarded), so each reply is forwarded at most once, whichever
 * leader runs it and however often it restarts.
 */
public interface Continuity {

  /** A chat whose visitor has been away since {@code awaySince}, with the agent replies written since, oldest first. */
  record Pending(ConversationId conversation, ContactId contact, Instant awaySince, List<Message> replies) {
    public Pending {
      requireNonNull(conversation, "conversation");
      requireNonNull(contact, "contact");
      requireNonNull(awaySince, "awaySince");
      replies = List.copyOf(replies);
    }

    /** The newest reply, through which a forward (or a skip) marks the replies done. */
    public MessageId through() {
      return replies.get(replies.size() - 1).id();
    }
  }

  /** The chat's visitor closed their last connection at {@code at}; an earlier time already recorded stays. */
  CompletionStage<Void> visitorLeft(ConversationId conversation, Instant at);

  /** The chat's visitor opened a connection: no longer away. */
  CompletionStage<Void> visitorBack(ConversationId conversation);

  /**
   * Chats whose visitor left between {@code awayAfter} and {@code awayBefore} and that have agent replies
   * written since they left and not yet forwarded (or skipped), longest away first. The lower bound keeps
   * the pass to recent absences (an index range), not every chat whose visitor ever left.
   */
  CompletionStage<List<Pending>> pending(Instant awayAfter, Instant awayBefore, int limit);

  /**
   * Stores the forward of the replies through {@code through} (leader-only: fenced in a cluster): a message
   * by the gateway in the chat conversation on {@code to}'s channel with its outbox entry to {@code to},
   * and the replies marked forwarded to {@code to}. Empty, with nothing stored, when the visitor came back
   * or those replies were forwarded meanwhile.
   */
  CompletionStage<Optional<Message>> forward(ConversationId conversation, MessageId through, Identity to,
      String subject, String text);

  /** Marks the replies through {@code through} done without a forward (the visitor has no proved address). */
  CompletionStage<Void> skip(ConversationId conversation, MessageId through);
}
