package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Satisfaction surveys in the store. A survey is asked through {@link #ask}, which in one transaction stores
 * it with its message and outbox entry (so the ask is sent once, and only while the conversation is still
 * resolved), and answered at most once: each {@code answer…} takes the score only from a survey that is
 * asked and not expired, by a conditional update, so two answers racing leave the first.
 */
public interface CsatSurveys {

  /** A resolution of a conversation not asked about yet. */
  record Resolution(ConversationId conversationId, Channel channel, Instant resolvedAt) {}

  /** What {@link #ask} stored: the survey, and the message that asks (none when it was skipped). */
  record Asked(CsatSurvey survey, Optional<Message> message) {}

  /** What became of an answer. */
  enum Outcome {
    /** Stored now. */
    RECORDED,
    /** The same answer again (the same {@code ref}, e.g. a retried webhook): nothing changed. */
    REPEATED,
    /** The survey was answered already: the first answer stands. */
    ALREADY_ANSWERED,
    /** The survey's window passed. */
    EXPIRED,
    /** No survey is open there. */
    NOT_ASKED
  }

  /** An answer's outcome and the survey as it stands after (none for {@link Outcome#NOT_ASKED}). */
  record Answered(Outcome outcome, Optional<CsatSurvey> survey) {
    static Answered notAsked() {
      return new Answered(Outcome.NOT_ASKED, Optional.empty());
    }
  }

  /** Resolutions in [{@code from}, {@code until}] on {@code channels} still resolved and not asked about, oldest first. */
  CompletionStage<List<Resolution>> unasked(Instant from, Instant until, Set<Channel> channels, int limit);

  /**
   * Asks about a resolution (leader-only: fenced in a cluster): stores survey {@code id} and the message
   * {@code text} for the outbox, or a skipped survey when the customer opted out of SMS; empty when the
   * conversation was reopened meanwhile. Asking the same resolution again returns the first survey.
   */
  CompletionStage<Optional<Asked>> ask(String id, Resolution resolution, Instant expiresAt, String text);

  /** Answers survey {@code id} (an e-mail's link); {@code ref} names what carried the answer. */
  CompletionStage<Answered> answer(String id, int score, Optional<String> comment, String ref);

  /** Answers the newest open survey of a conversation (the chat widget). */
  CompletionStage<Answered> answerConversation(ConversationId conversation, int score, Optional<String> comment,
      String ref);

  /** Answers the newest open survey on a channel's thread (an SMS reply); {@code ref} is the inbound's id. */
  CompletionStage<Answered> answerThread(Channel channel, String threadKey, int score, String ref);

  /** Adds a comment to an answered survey that has none, while the survey's window lasts. */
  CompletionStage<Answered> comment(String id, String comment);

  CompletionStage<Optional<CsatSurvey>> find(String id);

  /** The survey a message asks, if it is one. */
  CompletionStage<Optional<CsatSurvey>> byMessage(MessageId message);

  /** A conversation's surveys, oldest first. */
  CompletionStage<List<CsatSurvey>> ofConversation(ConversationId conversation);
}
