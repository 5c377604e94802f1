package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link Continuity} over the store's group writer, reader pool and fence (like {@link JdbcFollowUps}). */
final class JdbcContinuity implements Continuity {

  private final GroupCommitWriter writer;
  private final JdbcDeliveries.Reads reads;
  private final JdbcDeliveries.Fence fence;
  private final Clock clock;

  JdbcContinuity(GroupCommitWriter writer, JdbcDeliveries.Reads reads, JdbcDeliveries.Fence fence, Clock clock) {
    this.writer = requireNonNull(writer, "writer");
    this.reads = requireNonNull(reads, "reads");
    this.fence = requireNonNull(fence, "fence");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<Void> visitorLeft(ConversationId conversation, Instant at) {
    requireNonNull(conversation, "conversation");
    requireNonNull(at, "at");
    return writer.submit("visitorLeft", c -> {
      ContinuityRows.left(c, conversation, at);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> visitorBack(ConversationId conversation) {
    requireNonNull(conversation, "conversation");
    return writer.submit("visitorBack", c -> {
      ContinuityRows.back(c, conversation, clock.instant());
      return null;
    });
  }

  @Override
  public CompletionStage<List<Pending>> pending(Instant awayAfter, Instant awayBefore, int limit) {
    requireNonNull(awayAfter, "awayAfter");
    requireNonNull(awayBefore, "awayBefore");
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
    return reads.read(c -> ContinuityRows.pending(c, awayAfter, awayBefore, limit));
  }

  @Override
  public CompletionStage<Optional<Message>> forward(ConversationId conversation, MessageId through, Identity to,
      String subject, String text) {
    requireNonNull(conversation, "conversation");
    requireNonNull(through, "through");
    requireNonNull(to, "to");
    requireNonNull(text, "text");
    return writer.submit("forwardChat", fence.leaderOnly("forwardChat",
        c -> ContinuityRows.forward(c, conversation, through, to, subject, text, clock.instant())));
  }

  @Override
  public CompletionStage<Void> skip(ConversationId conversation, MessageId through) {
    requireNonNull(conversation, "conversation");
    requireNonNull(through, "through");
    return writer.submit("skipChatForward", fence.leaderOnly("skipChatForward", c -> {
      ContinuityRows.skip(c, conversation, through, clock.instant());
      return null;
    }));
  }
}
