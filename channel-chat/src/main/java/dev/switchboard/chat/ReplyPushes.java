package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.ConversationStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent replies shown live to a visitor connected to this node, when the outbox did not push them here
 * itself (it runs on the leader): on their delivery event from another node, and at a new leader's
 * takeover, for the replies whose event the old leader never got out. Each reply is pushed once per node
 * ({@link VisitorState#pushReply}), whichever way comes first, and a catch-up skips what a history showed.
 */
final class ReplyPushes {

  /**
   * How many of a conversation's latest sent replies a takeover looks at: the old leader's lost events are
   * those of its last moments, and the visitor's state remembers {@link VisitorState#SHOWN_KEPT} as shown.
   */
  static final int CATCH_UP_REPLIES = 50;

  private static final Logger log = LoggerFactory.getLogger(ReplyPushes.class);

  private final ConversationStore store;
  private final VisitorMessages messages;
  private final ChatMetrics metrics;

  ReplyPushes(ConversationStore store, VisitorMessages messages, ChatMetrics metrics) {
    this.store = requireNonNull(store, "store");
    this.messages = requireNonNull(messages, "messages");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  /**
   * The frame that shows an outbound message: a {@code csat_request} for the message that asks a survey
   * (only the gateway's own messages are looked up), else a {@code message}.
   */
  CompletionStage<ServerFrame> frameFor(Message message, boolean history) {
    ServerFrame plain = new ServerFrame.MessageFrame(messages.of(message), history);
    if (!ConversationStore.SYSTEM_AUTHOR.equals(message.author())) {
      return CompletableFuture.completedFuture(plain);
    }
    return store.csat().byMessage(message.id()).thenApply(survey -> survey.<ServerFrame>map(
        s -> new ServerFrame.CsatRequest(s.conversationId().value(), message.text(), history)).orElse(plain));
  }

  /**
   * A reply the outbox sent on another node (the leader), to a visitor connected here: its delivery event
   * crossed nodes with ids only, so the message is read from the store, then pushed once.
   */
  void fromStore(VisitorState v, MessageId id) {
    store.message(id).whenComplete((found, failure) -> {
      if (failure != null) {
        log.warn("Chat reply {} could not be read for its visitor: {}", id.value(), failure.toString());
        return;
      }
      found.filter(m -> m.direction() == Direction.OUT).ifPresent(m -> push(v, m, false).exceptionally(err -> {
        log.warn("Chat reply {} could not be shown to its visitor: {}", id.value(), err.toString());
        return null;
      }));
    });
  }

  /**
   * The replies whose delivery event came while the visitor's history was read here, before the visitor was
   * bound to the conversation ({@link OpeningReplies}): pushed in order after the history, except those the
   * history showed. Completes with how many were pushed.
   */
  CompletionStage<Integer> afterHistory(VisitorState v, List<String> messageIds) {
    AtomicInteger pushed = new AtomicInteger();
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (String id : messageIds) {
      chain = chain.thenCompose(x -> store.message(new MessageId(id)))
          .thenCompose(found -> found.filter(m -> m.direction() == Direction.OUT)
              .map(m -> push(v, m, true)).orElse(CompletableFuture.completedFuture(-1)))
          .thenAccept(live -> {
            if (live >= 0) {
              pushed.incrementAndGet();
            }
          });
    }
    return chain.thenApply(x -> pushed.get());
  }

  /**
   * A new leader took over: pushes, in order, the latest replies of the visitor's conversation that are
   * recorded sent but were never shown here (live or in a history). Those are the replies whose delivery
   * event the old leader committed and died before sending; the visitor, still connected here, would
   * otherwise see them only on their next visit. Completes with how many were pushed.
   */
  CompletionStage<Integer> catchUp(VisitorState v) {
    String conversationId = v.conversationId();
    if (conversationId == null || v.connections() == 0) {
      return CompletableFuture.completedFuture(0);
    }
    return store.messages(new ConversationId(conversationId)).thenCompose(all -> {
      List<Message> sent = all.stream().filter(m -> m.direction() == Direction.OUT
          && (m.delivery() == DeliveryStatus.SENT || m.delivery() == DeliveryStatus.DELIVERED)).toList();
      AtomicInteger pushed = new AtomicInteger();
      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
      for (Message m : sent.subList(Math.max(0, sent.size() - CATCH_UP_REPLIES), sent.size())) {
        chain = chain.thenCompose(x -> push(v, m, true)).thenAccept(live -> {
          if (live >= 0) {
            pushed.incrementAndGet();
          }
        });
      }
      return chain.thenApply(x -> pushed.get());
    });
  }

  /**
   * Pushes {@code m} unless it was pushed here already (or, catching up, a history sent it); completes with
   * how many connections got it, -1 for none because it was shown before.
   */
  private CompletionStage<Integer> push(VisitorState v, Message m, boolean catchingUp) {
    return frameFor(m, false).thenApply(frame -> {
      int live = catchingUp ? v.catchUpReply(m.id().value(), frame) : v.pushReply(m.id().value(), frame);
      if (live >= 0) {
        metrics.replySent(live > 0);
      }
      return live;
    });
  }
}
