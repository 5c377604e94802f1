package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.FollowUp;
import dev.switchboard.core.model.Message;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link FollowUps} over the store's group writer, reader pool and fence (like {@link JdbcDeliveries}). */
final class JdbcFollowUps implements FollowUps {

  private final GroupCommitWriter writer;
  private final JdbcDeliveries.Reads reads;
  private final JdbcDeliveries.Fence fence;
  private final Clock clock;

  JdbcFollowUps(GroupCommitWriter writer, JdbcDeliveries.Reads reads, JdbcDeliveries.Fence fence, Clock clock) {
    this.writer = requireNonNull(writer, "writer");
    this.reads = requireNonNull(reads, "reads");
    this.fence = requireNonNull(fence, "fence");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<FollowUp> schedule(FollowUp followUp) {
    requireNonNull(followUp, "followUp");
    return writer.submit("scheduleFollowUp", c -> {
      ConversationRows.require(c, followUp.conversationId());
      Optional<FollowUp> first = FollowUpRows.byClientId(c, followUp.author(), followUp.clientId());
      if (first.isPresent()) {
        return first.get();
      }
      FollowUpRows.insert(c, followUp);
      return followUp;
    });
  }

  @Override
  public CompletionStage<Optional<FollowUp>> find(String id) {
    requireNonNull(id, "id");
    return reads.read(c -> FollowUpRows.byId(c, id));
  }

  @Override
  public CompletionStage<Optional<FollowUp>> cancel(String id) {
    requireNonNull(id, "id");
    return writer.submit("cancelFollowUp", c -> {
      FollowUpRows.close(c, id, FollowUp.Status.CANCELLED, null, clock.instant());
      return FollowUpRows.byId(c, id);
    });
  }

  @Override
  public CompletionStage<List<FollowUp>> scheduledBy(String author) {
    requireNonNull(author, "author");
    return reads.read(c -> FollowUpRows.scheduledBy(c, author, LIST_LIMIT));
  }

  @Override
  public CompletionStage<List<FollowUp>> due(Instant now, int limit) {
    requireNonNull(now, "now");
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
    return reads.read(c -> FollowUpRows.due(c, now, limit));
  }

  @Override
  public CompletionStage<Optional<Instant>> nextDue() {
    return reads.read(FollowUpRows::nextDue);
  }

  @Override
  public CompletionStage<Fired> fire(String id) {
    requireNonNull(id, "id");
    return writer.submit("fireFollowUp", fence.leaderOnly("fireFollowUp", c -> {
      FollowUp f = FollowUpRows.byId(c, id).orElseThrow(() -> new IllegalArgumentException("no follow-up " + id));
      if (!f.scheduled()) {
        return new Fired(f, Optional.empty());
      }
      Instant now = clock.instant();
      if (FollowUpRows.customerWroteAfter(c, f.conversationId(), f.createdAt())) {
        FollowUpRows.close(c, id, FollowUp.Status.DROPPED, null, now);
        return new Fired(f.with(FollowUp.Status.DROPPED, Optional.empty()), Optional.empty());
      }
      // The message's clientId is the follow-up's id: a fire re-run after a crash finds the message it stored.
      Message m = AgentMessages.append(c, f.conversationId(), Direction.OUT, f.author(), f.text(),
          "follow-up:" + f.id(), DeliveryStatus.QUEUED, now);
      FollowUpRows.close(c, id, FollowUp.Status.SENT, m.id(), now);
      return new Fired(f.with(FollowUp.Status.SENT, Optional.of(m.id())), Optional.of(m));
    }));
  }

  @Override
  public CompletionStage<java.util.Set<ConversationId>> conversationsWithScheduled() {
    return reads.read(FollowUpRows::conversationsWithScheduled);
  }

  @Override
  public CompletionStage<List<FollowUp>> dropAfterCustomerMessage(ConversationId conversation) {
    requireNonNull(conversation, "conversation");
    return writer.submit("dropFollowUps", c -> {
      Instant now = clock.instant();
      List<FollowUp> dropped = new ArrayList<>();
      for (FollowUp f : FollowUpRows.scheduledOn(c, conversation)) {
        if (FollowUpRows.customerWroteAfter(c, conversation, f.createdAt())
            && FollowUpRows.close(c, f.id(), FollowUp.Status.DROPPED, null, now)) {
          dropped.add(f.with(FollowUp.Status.DROPPED, Optional.empty()));
        }
      }
      return dropped;
    });
  }
}
