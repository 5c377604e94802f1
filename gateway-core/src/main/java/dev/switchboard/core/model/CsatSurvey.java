package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A satisfaction survey: one per resolution of a conversation ({@code resolvedAt}), asked on the conversation's
 * channel and answered at most once, with a score from 1 to 5 and an optional comment, until {@code expiresAt}.
 * {@code tier} and {@code agent} are the conversation's when it was asked (for the CSAT report).
 */
public record CsatSurvey(String id, ConversationId conversationId, Instant resolvedAt, Channel channel,
    Optional<String> tier, Optional<String> agent, Status status, Optional<MessageId> messageId, Instant askedAt,
    Instant expiresAt, Optional<Answer> answer) {

  /** The lowest and highest score. */
  public static final int MIN_SCORE = 1;
  public static final int MAX_SCORE = 5;
  /** The longest comment kept, in characters. */
  public static final int MAX_COMMENT = 2000;

  /** Where a survey stands. */
  public enum Status {
    /** Sent and waiting for an answer until it expires. */
    ASKED,
    /** Answered: final. */
    ANSWERED,
    /** Not sent: the customer opted out of the channel. Final. */
    SKIPPED;

    /** The lower-case name, made once: {@link #key()} runs on every message's path. */
    private final String key = name().toLowerCase(Locale.ROOT);

    public String key() {
      return key;
    }
  }

  /** The customer's answer. */
  public record Answer(int score, Optional<String> comment, Instant answeredAt) {
    public Answer {
      checkScore(score);
      requireNonNull(comment, "comment");
      requireNonNull(answeredAt, "answeredAt");
    }
  }

  public CsatSurvey {
    requireNonNull(id, "id");
    requireNonNull(conversationId, "conversationId");
    requireNonNull(resolvedAt, "resolvedAt");
    requireNonNull(channel, "channel");
    requireNonNull(tier, "tier");
    requireNonNull(agent, "agent");
    requireNonNull(status, "status");
    requireNonNull(messageId, "messageId");
    requireNonNull(askedAt, "askedAt");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(answer, "answer");
    if ((status == Status.ANSWERED) != answer.isPresent()) {
      throw new IllegalArgumentException("answer: " + answer + " (expected: present exactly when answered)");
    }
  }

  /** Whether {@code score} is one a customer may give. */
  public static boolean validScore(long score) {
    return score >= MIN_SCORE && score <= MAX_SCORE;
  }

  /** Throws unless {@code score} is from 1 to 5. */
  public static int checkScore(long score) {
    if (!validScore(score)) {
      throw new IllegalArgumentException("score: " + score + " (expected: " + MIN_SCORE + " to " + MAX_SCORE + ")");
    }
    return (int) score;
  }

  /** A survey about to be asked now, for the conversation as it was resolved. */
  public static CsatSurvey ask(String id, Conversation resolved, Instant resolvedAt, Instant now, Instant expiresAt) {
    return new CsatSurvey(id, resolved.id(), resolvedAt, resolved.channel(), Optional.ofNullable(resolved.tier()),
        Optional.ofNullable(resolved.assignee() != null ? resolved.assignee() : resolved.lastAgent()), Status.ASKED,
        Optional.empty(), now, expiresAt, Optional.empty());
  }

  /** This survey in {@code status} (not for answering: see {@link #answered}). */
  public CsatSurvey with(Status status, Optional<MessageId> messageId) {
    return new CsatSurvey(id, conversationId, resolvedAt, channel, tier, agent, status, messageId, askedAt,
        expiresAt, Optional.empty());
  }

  /** This survey answered. */
  public CsatSurvey answered(Answer answer) {
    return new CsatSurvey(id, conversationId, resolvedAt, channel, tier, agent, Status.ANSWERED, messageId, askedAt,
        expiresAt, Optional.of(answer));
  }

  /** Whether an answer is still taken at {@code now}. */
  public boolean open(Instant now) {
    return status == Status.ASKED && now.isBefore(expiresAt);
  }
}
