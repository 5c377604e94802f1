package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** {@link CsatSurveys} over the store's group writer, reader pool and fence (like {@link JdbcFollowUps}). */
final class JdbcCsatSurveys implements CsatSurveys {

  private final GroupCommitWriter writer;
  private final JdbcDeliveries.Reads reads;
  private final JdbcDeliveries.Fence fence;
  private final Clock clock;

  JdbcCsatSurveys(GroupCommitWriter writer, JdbcDeliveries.Reads reads, JdbcDeliveries.Fence fence, Clock clock) {
    this.writer = requireNonNull(writer, "writer");
    this.reads = requireNonNull(reads, "reads");
    this.fence = requireNonNull(fence, "fence");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<List<Resolution>> unasked(Instant from, Instant until, Set<Channel> channels, int limit) {
    requireNonNull(from, "from");
    requireNonNull(until, "until");
    requireNonNull(channels, "channels");
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
    return reads.read(c -> CsatRows.unasked(c, from, until, channels, limit));
  }

  @Override
  public CompletionStage<Optional<Asked>> ask(String id, Resolution resolution, Instant expiresAt, String text) {
    requireNonNull(id, "id");
    requireNonNull(resolution, "resolution");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(text, "text");
    return writer.submit("askCsat", fence.leaderOnly("askCsat", c -> {
      Optional<CsatSurvey> first = CsatRows.byResolution(c, resolution.conversationId(), resolution.resolvedAt());
      if (first.isPresent()) {
        return Optional.of(new Asked(first.get(), Optional.empty()));
      }
      if (!CsatRows.resolvedAt(c, resolution.conversationId()).equals(Optional.of(resolution.resolvedAt()))) {
        return Optional.<Asked>empty(); // reopened (or resolved again) since it was found
      }
      Conversation conv = ConversationRows.require(c, resolution.conversationId());
      Instant now = clock.instant();
      CsatSurvey survey = CsatSurvey.ask(id, conv, resolution.resolvedAt(), now, expiresAt);
      if (conv.channel() == Channel.SMS && CsatRows.smsOptedOut(c, conv.threadKey())) {
        CsatSurvey skipped = survey.with(CsatSurvey.Status.SKIPPED, Optional.empty());
        CsatRows.insert(c, skipped);
        return Optional.of(new Asked(skipped, Optional.empty()));
      }
      CsatRows.insert(c, survey);
      // The clientId is the survey's: an ask re-run after a crash finds the message it stored.
      Message m = AgentMessages.append(c, conv.id(), Direction.OUT, ConversationStore.SYSTEM_AUTHOR, text,
          "csat:" + id, DeliveryStatus.QUEUED, now);
      CsatRows.setMessage(c, id, m.id());
      return Optional.of(new Asked(survey.with(CsatSurvey.Status.ASKED, Optional.of(m.id())), Optional.of(m)));
    }));
  }

  @Override
  public CompletionStage<Answered> answer(String id, int score, Optional<String> comment, String ref) {
    requireNonNull(id, "id");
    CsatSurvey.checkScore(score);
    return writer.submit("answerCsat", c -> take(c, CsatRows.byId(c, id), score, comment, ref));
  }

  @Override
  public CompletionStage<Answered> answerConversation(ConversationId conversation, int score,
      Optional<String> comment, String ref) {
    requireNonNull(conversation, "conversation");
    CsatSurvey.checkScore(score);
    return writer.submit("answerCsat", c -> take(c, CsatRows.latestOf(c, conversation), score, comment, ref));
  }

  @Override
  public CompletionStage<Answered> answerThread(Channel channel, String threadKey, int score, String ref) {
    requireNonNull(channel, "channel");
    requireNonNull(threadKey, "threadKey");
    CsatSurvey.checkScore(score);
    return writer.submit("answerCsat",
        c -> take(c, CsatRows.latestOnThread(c, channel, threadKey), score, Optional.empty(), ref));
  }

  private Answered take(Connection c, Optional<CsatSurvey> found, int score, Optional<String> comment, String ref)
      throws SQLException {
    requireNonNull(comment, "comment");
    requireNonNull(ref, "ref");
    if (found.isEmpty()) {
      return Answered.notAsked();
    }
    CsatSurvey s = found.get();
    Instant now = clock.instant();
    String text = comment.map(JdbcCsatSurveys::trimComment).filter(t -> !t.isEmpty()).orElse(null);
    if (CsatRows.answer(c, s.id(), score, text, ref, now)) {
      return new Answered(Outcome.RECORDED, CsatRows.byId(c, s.id()));
    }
    if (s.status() == CsatSurvey.Status.ANSWERED) {
      boolean same = CsatRows.answerRef(c, s.id()).filter(ref::equals).isPresent();
      return new Answered(same ? Outcome.REPEATED : Outcome.ALREADY_ANSWERED, Optional.of(s));
    }
    return new Answered(s.status() == CsatSurvey.Status.ASKED ? Outcome.EXPIRED : Outcome.NOT_ASKED, Optional.of(s));
  }

  @Override
  public CompletionStage<Answered> comment(String id, String comment) {
    requireNonNull(id, "id");
    String text = trimComment(requireNonNull(comment, "comment"));
    return writer.submit("commentCsat", c -> {
      Optional<CsatSurvey> found = CsatRows.byId(c, id);
      if (found.isEmpty() || found.get().status() != CsatSurvey.Status.ANSWERED) {
        return new Answered(Outcome.NOT_ASKED, found);
      }
      Instant now = clock.instant();
      if (!text.isEmpty() && CsatRows.comment(c, id, text, now)) {
        return new Answered(Outcome.RECORDED, CsatRows.byId(c, id));
      }
      return new Answered(found.get().expiresAt().isAfter(now) ? Outcome.ALREADY_ANSWERED : Outcome.EXPIRED, found);
    });
  }

  @Override
  public CompletionStage<Optional<CsatSurvey>> find(String id) {
    requireNonNull(id, "id");
    return reads.read(c -> CsatRows.byId(c, id));
  }

  @Override
  public CompletionStage<Optional<CsatSurvey>> byMessage(MessageId message) {
    requireNonNull(message, "message");
    return reads.read(c -> CsatRows.byMessage(c, message));
  }

  @Override
  public CompletionStage<List<CsatSurvey>> ofConversation(ConversationId conversation) {
    requireNonNull(conversation, "conversation");
    return reads.read(c -> CsatRows.ofConversation(c, conversation));
  }

  private static String trimComment(String comment) {
    String t = comment.strip();
    return t.length() <= CsatSurvey.MAX_COMMENT ? t : t.substring(0, CsatSurvey.MAX_COMMENT);
  }
}
